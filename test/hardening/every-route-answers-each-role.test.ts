// Item 5 of issue 15, the access control matrix. Walks every GET route the app registers (Hono's
// `app.routes`, as the state-changing walk does) and asks each with real parameters (a page, a commit, a
// mailed change, its archived message and thread) as every kind of visitor: anonymous, each role, a
// disabled account's session cookie, an expired session, revoked and valid personal access tokens as
// Basic or Bearer. The answer must be the one the table below allows, derived from `can()` and
// DESIGN.md § Roles, on a public and on a private wiki; a route missing from the table fails the test,
// so a route added later gets classified. A visitor's page must not hold the links and forms of a
// higher role. Token guesses on git's smart HTTP are limited (sign-in guesses: see the end).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { createAccount, setDisabled } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { type Action, can, ROLES, type Role, type Visitor, type WikiVisibility } from '../../src/auth/roles.js';
import { startSession } from '../../src/auth/sessions.js';
import { createAccessToken, revokeAccessToken } from '../../src/auth/tokens.js';
import { threadSummaries } from '../../src/review/archive.js';
import { listChanges } from '../../src/review/changes.js';
import { createApp } from '../../src/server/app.js';
import { ASSETS_VERSION } from '../../src/server/assets.js';
import { type AccessServices, openAccessServices } from '../../src/server/middleware/services.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { attachReviewDesk } from '../../src/server/routes/review-desks.js';
import { publicationOf } from '../../src/pages/publication.js';
import { Clock } from '../auth/setup.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';
import { PREFIX, type ReviewWorld, reviewWorld, run, write } from '../review/desk-fixture.js';
import { TEST_SCRYPT_COST } from '../helpers/server.js';

const DAY = 24 * 60 * 60 * 1000;
const OIDC = { issuer: 'http://127.0.0.1:9/', clientId: 'feuillet', scopes: ['openid', 'email'], label: 'Test' };
/** The matrix sends hundreds of refused tokens from one (unknown) address: its limit is tested on its own below. */
const GENEROUS = { max: 100_000, windowMs: 60_000 };
const MAINTAINER_IDENTITY = { GIT_AUTHOR_NAME: 'Maïa Mainteneuse', GIT_AUTHOR_EMAIL: 'maia@example.org', GIT_COMMITTER_NAME: 'Maïa Mainteneuse', GIT_COMMITTER_EMAIL: 'maia@example.org' };

/**
 * Who may get a route's answer: `open` (anyone, even on a private wiki: signing in and what its page
 * needs), an action of `can()`, `signed-in` (one's own account), `git` (smart HTTP: access tokens only,
 * the action per probe), or `middleware` (runs before every route, answers nothing itself).
 */
type Lowest = 'open' | 'signed-in' | Action | 'git' | 'middleware';

interface Probe {
  readonly url: string;
  /** The allowed answer's status (default 200); `signedIn` when it differs for someone signed in. */
  readonly status?: number;
  readonly signedIn?: number;
  /** Git probes: what the request asks of the repository. */
  readonly git?: 'read' | 'push';
}

interface Rule {
  readonly lowest: Lowest;
  readonly probes: readonly Probe[];
}

interface Ids {
  readonly gitName: string;
  readonly first: string;
  readonly head: string;
  readonly change: number;
  readonly message: string;
  readonly thread: string;
}

/** Every route's lowest visitor and the addresses that ask it. */
function table(ids: Ids): Map<string, Rule> {
  const m = encodeURIComponent(ids.message);
  const t = encodeURIComponent(ids.thread);
  const read = (...probes: Probe[]): Rule => ({ lowest: 'read', probes });
  const open = (...probes: Probe[]): Rule => ({ lowest: 'open', probes });
  return new Map<string, Rule>([
    ['ALL /*', { lowest: 'middleware', probes: [] }],
    // The wiki's pages and files, as every reader of the wiki reads them.
    ['GET /*', read({ url: '/' }, { url: '/guide' }, { url: '/guide.md', status: 301 }, { url: '/docs', status: 301 }, { url: '/absent', status: 404 })],
    ['ALL /-/*', read({ url: '/-/nowhere', status: 404 })],
    ['GET /-/source/*', read({ url: '/-/source/guide.md' })],
    ['GET /-/raw/*', read({ url: '/-/raw/guide.md' })],
    ['GET /-/repo/*', read({ url: '/-/repo/guide.md', status: 404 })],
    ['GET /-/events', read({ url: '/-/events', status: 404 })], // live reload: a work tree only
    ['GET /-/agenda', read({ url: '/-/agenda' })],
    ['GET /-/agenda.ics', read({ url: '/-/agenda.ics' })],
    ['GET /-/history/*', read({ url: '/-/history/index.md' }, { url: '/-/history/index.md.atom' })],
    ['GET /-/at/:commit/*', read({ url: `/-/at/${ids.first}/index.md` })],
    ['GET /-/diff/:commit/*', read({ url: `/-/diff/${ids.head}/index.md` })],
    ['GET /-/commit/:commit', read({ url: `/-/commit/${ids.head}` })],
    ['GET /-/changes', read({ url: '/-/changes' })],
    ['GET /-/changes.atom', read({ url: '/-/changes.atom' })],
    ['GET /-/search', read({ url: '/-/search?q=guide' })],
    ['GET /-/search.json', read({ url: '/-/search.json' })],
    ['GET /-/health', read({ url: '/-/health' })],
    // The review and the list's archive are public (README § Contribuer par courriel); acting on them is not.
    ['GET /-/review', read({ url: '/-/review', status: 301 })],
    ['GET /-/review/', read({ url: '/-/review/' })],
    ['GET /-/review/:number', read({ url: `/-/review/${ids.change}` }, { url: '/-/review/99999', status: 404 })],
    ['GET /-/review/:number/mbox', read({ url: `/-/review/${ids.change}/mbox` })],
    ['GET /-/review/rejected', { lowest: 'review', probes: [{ url: '/-/review/rejected' }] }],
    ['GET /-/archive', read({ url: '/-/archive', status: 301 })],
    ['GET /-/archive/', read({ url: '/-/archive/' })],
    ['GET /-/archive/m/*', read({ url: `/-/archive/m/${m}` }, { url: `/-/archive/m/${m}/raw` })],
    ['GET /-/archive/t/*', read({ url: `/-/archive/t/${t}` }, { url: `/-/archive/t/${t}/mbox` })],
    // What the sign-in page and every page's footer need, on a private wiki too.
    ['GET /-/assets/:name', open({ url: '/-/assets/feuillet.css' })],
    ['GET /-/assets/dsfr/:version/*', open({ url: '/-/assets/dsfr/0.0.0/dsfr.min.css', status: 404 })],
    ['GET /-/accessibilite', open({ url: '/-/accessibilite' })],
    ['GET /-/mentions-legales', open({ url: '/-/mentions-legales' })],
    ['GET /-/donnees-personnelles', open({ url: '/-/donnees-personnelles' })],
    ['GET /-/login', open({ url: '/-/login', signedIn: 303 })],
    ['GET /-/register', open({ url: '/-/register' })],
    ['GET /-/confirm', open({ url: '/-/confirm?token=x' })],
    ['GET /-/password', open({ url: '/-/password' })],
    ['GET /-/password/reset', open({ url: '/-/password/reset?token=x' })],
    ['GET /-/login/oidc', open({ url: '/-/login/oidc?code=x&state=y', status: 502 })], // no sign-in was started here
    // One's own account; asking for write access (contributors); the editor (contributors propose, writers save).
    ['GET /-/account', { lowest: 'signed-in', probes: [{ url: '/-/account' }] }],
    ['GET /-/access-request', { lowest: 'propose', probes: [{ url: '/-/access-request' }] }],
    ['GET /-/edit/*', { lowest: 'propose', probes: [{ url: '/-/edit/guide.md' }] }],
    // Writers' file operations.
    ['GET /-/new', { lowest: 'edit', probes: [{ url: '/-/new?name=x' }] }],
    ['GET /-/rename/*', { lowest: 'edit', probes: [{ url: '/-/rename/guide.md' }] }],
    ['GET /-/delete/*', { lowest: 'edit', probes: [{ url: '/-/delete/guide.md' }] }],
    ['GET /-/upload', { lowest: 'edit', probes: [{ url: '/-/upload' }] }],
    ['GET /-/restore/:commit/*', { lowest: 'edit', probes: [{ url: `/-/restore/${ids.first}/index.md` }] }],
    // Access requests and roles (maintainers); the audit log on the same page is the admins' (checked by its marker).
    ['GET /-/admin', { lowest: 'grantAccess', probes: [{ url: '/-/admin', status: 301 }] }],
    ['GET /-/admin/', { lowest: 'grantAccess', probes: [{ url: '/-/admin/' }] }],
    [
      `GET /${ids.gitName}.git/info/refs`,
      {
        lowest: 'git',
        probes: [
          { url: `/${ids.gitName}.git/info/refs?service=git-upload-pack`, git: 'read' },
          { url: `/${ids.gitName}.git/info/refs?service=git-receive-pack`, git: 'push' },
        ],
      },
    ],
  ]);
}

/** What only some may see in a page: a link or form of a higher role must not reach a lower one. */
interface Reserved {
  readonly name: string;
  readonly marker: RegExp;
  readonly needs: Action | 'signed-in';
}
const RESERVED: readonly Reserved[] = [
  { name: 'account link', marker: /href="\/-\/account"/, needs: 'signed-in' },
  { name: 'sign-out form', marker: /action="\/-\/logout"/, needs: 'signed-in' },
  { name: 'editor link', marker: /href="\/-\/edit\//, needs: 'propose' },
  { name: 'comment form', marker: /action="\/-\/review\/\d+\/comment"/, needs: 'comment' },
  { name: 'file operations', marker: /(href|action)="\/-\/(new|upload|rename\/|delete\/|restore\/)/, needs: 'edit' },
  // The author may also withdraw a change: none of the visitors here sent one.
  { name: 'state form', marker: /action="\/-\/review\/\d+\/state"/, needs: 'review' },
  { name: 'apply form', marker: /action="\/-\/review\/\d+\/apply"/, needs: 'apply' },
  { name: 'rejected mail link', marker: /href="\/-\/review\/rejected"/, needs: 'review' },
  { name: 'administration', marker: /(href|action)="\/-\/admin\//, needs: 'grantAccess' },
  { name: 'audit log', marker: /id="audit"/, needs: 'configure' },
  // Maintainers grant up to maintainer and manage only those below them (mayAssignRole, mayManage).
  { name: 'admin role offered', marker: /<option value="admin"/, needs: 'configure' },
];
/** The forms that change another admin's account (its id is known once the fixture has made it). */
const managingAdmin = (id: number): Reserved => ({ name: 'managing an admin', marker: new RegExp(`action="/-/admin/users/${id}/`), needs: 'configure' });
/** Markers no page of this fixture shows (no rejected mail here: every-mail-received-is-visible checks that link). */
const NOT_IN_FIXTURE = new Set(['rejected mail link']);

/** What a request carries, and who it stands for: on Feuillet's pages (cookies) and on git (tokens). */
interface Credential {
  readonly name: string;
  readonly headers: Record<string, string>;
  readonly web: Visitor;
  /** A role of a valid token, `anonymous` when no token is sent, `refused` for a token that is no more. */
  readonly git: Visitor | 'refused';
}

let world: ReviewWorld;
let services: AccessServices;
let apps: Record<WikiVisibility, Hono>;
let rules: Map<string, Rule>;
let reserved: readonly Reserved[];
let credentials: Credential[];
const clock = new Clock(Date.now());

const basic = (token: string) => `Basic ${Buffer.from(`git:${token}`).toString('base64')}`;

before(async () => {
  world = await reviewWorld({
    'index.md': '# Accueil\n\nBienvenue. [Un lien rouge](absent.md)\n',
    'guide.md': '# Guide\n\nPremier paragraphe.\n',
    'docs/index.md': '# Documentation\n',
  });
  // A second version of a page, so that its history offers writers to restore the first.
  const first = run(world.repo, ['rev-parse', 'HEAD']).trim();
  write(world.repo, { 'index.md': '# Accueil\n\nBienvenue, encore. [Un lien rouge](absent.md)\n' });
  run(world.repo, ['commit', '--quiet', '-am', 'Accueil retouché'], MAINTAINER_IDENTITY);
  const head = run(world.repo, ['rev-parse', 'HEAD']).trim();
  // A change mailed to the list, as contributors send them.
  world.contributor.commit('Complète le guide', { 'guide.md': '# Guide\n\nPremier paragraphe.\n\nUn second.\n' });
  await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
  const [change] = (await listChanges(world.db)).changes;
  const [thread] = (await threadSummaries(world.db, { limit: 1, offset: 0 })).threads;
  assert.ok(change && thread);

  services = await openAccessServices({
    db: world.db,
    opened: world.opened,
    // Every optional route switched on, so that the walk sees them all.
    settings: { registration: true, private: false, allowForcePush: false, oidc: OIDC },
    auth: { scryptCost: TEST_SCRYPT_COST, now: clock.now, limits: { accessTokenPerAddress: GENEROUS } },
  });
  attachReviewDesk(world.opened.wiki, world.desk);
  const publication = publicationOf(world.opened, { basePath: '', assetsVersion: ASSETS_VERSION });
  apps = {
    public: createApp({ publication, defaultLang: 'fr', services }),
    private: createApp({ publication, defaultLang: 'fr', services: { ...services, settings: { ...services.settings, private: true } } }),
  };
  rules = table({ gitName: services.git!.name, first, head, change: change.number, message: change.series.patches[0]!.messageId, thread: thread.threadId });

  const auth = services.auth;
  const person = async (role: Role, name: string) => {
    const user = await createAccount(auth, OPERATOR, { email: `${name}@example.org`, role });
    const session = await startSession(auth, user.id, null);
    const token = await createAccessToken(auth, user.id, 'test', null);
    return { user, cookie: `${SESSION_COOKIE}=${session.token}`, token: token.token, tokenId: token.info.id };
  };
  const people = new Map<Role, Awaited<ReturnType<typeof person>>>();
  for (const role of [...ROLES].reverse()) people.set(role, await person(role, role));
  // An admin signed in 100 days ago and not seen since: the session has expired.
  clock.advance(-100 * DAY);
  const expired = await startSession(auth, people.get('admin')!.user.id, null);
  clock.advance(100 * DAY);
  // A disabled writer's browser still sends its cookie, and git its token.
  const disabled = await person('writer', 'disabled');
  await setDisabled(auth, OPERATOR, disabled.user.id, true);
  const revoked = await person('admin', 'revoked');
  await revokeAccessToken(auth, OPERATOR, revoked.tokenId);
  reserved = [...RESERVED, managingAdmin(revoked.user.id)];

  // Highest first: a page kept in the response cache for one role must never be served to a lower one.
  credentials = [
    ...[...people].map(([role, p]) => ({ name: role, headers: { cookie: p.cookie }, web: role, git: 'anonymous' as const })),
    { name: 'anonymous', headers: {}, web: 'anonymous', git: 'anonymous' },
    { name: 'disabled account’s session', headers: { cookie: disabled.cookie }, web: 'anonymous', git: 'anonymous' },
    { name: 'disabled account’s token', headers: { authorization: basic(disabled.token) }, web: 'anonymous', git: 'refused' },
    { name: 'expired session', headers: { cookie: `${SESSION_COOKIE}=${expired.token}` }, web: 'anonymous', git: 'anonymous' },
    { name: 'revoked token (Basic)', headers: { authorization: basic(revoked.token) }, web: 'anonymous', git: 'refused' },
    { name: 'revoked token (Bearer)', headers: { authorization: `Bearer ${revoked.token}` }, web: 'anonymous', git: 'refused' },
    // Valid tokens open git only; on the wiki's pages a token is nobody. Git does not take them as Bearer.
    ...[...people].map(([role, p]) => ({ name: `${role}’s token`, headers: { authorization: basic(p.token) }, web: 'anonymous' as const, git: role })),
    { name: 'admin’s token (Bearer)', headers: { authorization: `Bearer ${people.get('admin')!.token}` }, web: 'anonymous', git: 'refused' },
  ];
});

after(async () => {
  await world.cleanup();
});

function walkedRoutes(app: Hono): string[] {
  return [...new Set(app.routes.filter((r) => ['GET', 'HEAD', 'ALL'].includes(r.method)).map((r) => `${r.method} ${r.path}`))];
}

/** The answer a credential must get from a probe of a rule, on a wiki of this visibility. */
function expected(rule: Rule, probe: Probe, who: Credential, visibility: WikiVisibility): { status: number; location?: string } {
  if (rule.lowest === 'git') {
    const action = probe.git === 'push' ? 'push' : 'read';
    if (who.git === 'refused') return { status: 401 };
    if (can(who.git, action, visibility)) return { status: probe.status ?? 200 };
    return { status: who.git === 'anonymous' ? 401 : 403 };
  }
  const signedIn = who.web !== 'anonymous';
  const allowed =
    rule.lowest === 'open' ? true : rule.lowest === 'signed-in' ? signedIn && can(who.web, 'read', visibility) : rule.lowest !== 'middleware' && can(who.web, rule.lowest, visibility);
  if (allowed) return { status: (signedIn ? probe.signedIn : undefined) ?? probe.status ?? 200 };
  if (signedIn) return { status: 403 };
  return { status: 303, location: `/-/login?next=${encodeURIComponent(probe.url)}` };
}

function allowedMarker(needs: Action | 'signed-in', who: Visitor, visibility: WikiVisibility): boolean {
  return needs === 'signed-in' ? who !== 'anonymous' : can(who, needs, visibility);
}

const counts = { cases: 0, markersSeen: new Set<string>() };

async function walk(visibility: WikiVisibility, method: 'GET' | 'HEAD', only?: (c: Credential) => boolean): Promise<string[]> {
  const app = apps[visibility];
  const failures: string[] = [];
  for (const who of credentials.filter(only ?? (() => true))) {
    for (const [key, rule] of rules) {
      for (const probe of rule.probes) {
        counts.cases++;
        const response = await app.request(probe.url, { method, headers: { accept: 'text/html', 'accept-language': 'fr', ...who.headers } });
        const want = expected(rule, probe, who, visibility);
        const where = `${visibility} ${method} ${probe.url} (${key}) as ${who.name}`;
        if (response.status !== want.status) failures.push(`${where}: ${response.status}, expected ${want.status}`);
        if (want.location !== undefined && response.headers.get('location') !== want.location) {
          failures.push(`${where}: sent to ${response.headers.get('location')}, expected ${want.location}`);
        }
        if (want.status === 401 && rule.lowest === 'git' && !/^Basic /.test(response.headers.get('www-authenticate') ?? '')) failures.push(`${where}: 401 without a Basic challenge`);
        const body = await response.text();
        if (method === 'HEAD' && body !== '') failures.push(`${where}: HEAD with a body`);
        // Denied answers carry nothing of the page; allowed ones nothing of a higher role's.
        for (const { name, marker, needs } of reserved) {
          if (!marker.test(body)) continue;
          if (rule.lowest !== 'git' && allowedMarker(needs, who.web, visibility) && response.status === want.status) counts.markersSeen.add(name);
          else failures.push(`${where}: shows the ${name} (${needs})`);
        }
      }
    }
  }
  return failures;
}

test('every GET route is in the table, and the table names only routes that exist', () => {
  const walked = walkedRoutes(apps.public);
  assert.deepEqual(walked.filter((key) => !rules.has(key)), [], 'classify these routes in table()');
  assert.deepEqual([...rules.keys()].filter((key) => !walked.includes(key)), [], 'routes of the table no longer registered');
  // A private wiki registers the same routes.
  assert.deepEqual(walkedRoutes(apps.private).sort(), walked.sort());
});

test('on a public wiki, every route gives each visitor the allowed answer and nothing of a higher role', async () => {
  assert.deepEqual(await walk('public', 'GET'), []);
});

test('on a private wiki, every route but signing in refuses visitors who are not signed in', async () => {
  assert.deepEqual(await walk('private', 'GET'), []);
});

test('HEAD gets the answer GET would get, without its body', async () => {
  const some = (c: Credential) => ['anonymous', 'contributor', 'writer’s token', 'expired session'].includes(c.name);
  assert.deepEqual([...(await walk('public', 'HEAD', some)), ...(await walk('private', 'HEAD', some))], []);
});

test('each reserved marker was seen by someone allowed, so that their absence elsewhere means something', () => {
  const expectedMarkers = reserved.map((r) => r.name).filter((name) => !NOT_IN_FIXTURE.has(name));
  assert.deepEqual(expectedMarkers.filter((name) => !counts.markersSeen.has(name)), []);
  console.log(`access matrix: ${counts.cases} requests (routes × probes × visitors × wikis)`);
});

// Sign-in guesses are limited by the tests that own them: test/server/auth-web-flows.test.ts ("attempts are
// limited": 429 and Retry-After after 5 failures) and test/hardening/sign-in-limits-never-lock-the-owner-out.test.ts
// (per account, per address, per known browser, behind a trusted proxy). Access tokens are limited here.
test('wrong access tokens on git’s smart HTTP are limited per address, and a right one from elsewhere still works', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  const server = await startServer({ repo: repo.dir }, { settings: { trustedProxies: ['127.0.0.1/32'] } });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  const writer = await createAccount(server.services!.auth, OPERATOR, { email: 'writer@example.org', role: 'writer', password: 'correct horse battery staple' });
  const { token } = await createAccessToken(server.services!.auth, writer.id, 'portable', null);
  const refs = (authorization: string, from: string) =>
    fetch(`${server.url}wiki.git/info/refs?service=git-receive-pack`, { headers: { authorization, 'x-forwarded-for': from } });
  const guesses = [basic(`feuillet_${'A'.repeat(43)}`), basic('correct horse battery staple'), `Bearer ${token}`, basic('')];
  let limited: Response | undefined;
  for (let i = 0; i < 200 && !limited; i++) {
    const response = await refs(guesses[i % guesses.length]!, '203.0.113.7');
    if (response.status === 429) limited = response;
    else assert.equal(response.status, 401, `guess ${i}`);
  }
  assert.ok(limited, 'no limit after 200 wrong tokens');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(await limited.text(), /réessayez.*try again/is);
  // The guesser's address is slowed down, the right token included; the owner elsewhere is not.
  assert.equal((await refs(basic(token), '203.0.113.7')).status, 429);
  assert.equal((await refs(basic(token), '198.51.100.20')).status, 200);
});
