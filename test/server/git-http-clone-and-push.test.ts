// The real git client against a started server: anonymous clone of a public wiki, push with a personal
// access token (the live wiki follows at once), refused pushes (no token, the password, a contributor's
// token, force-push, deletion of the published branch), force-push allowed by config, private wikis.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import type { Role } from '../../src/auth/roles.js';
import { createAccessToken } from '../../src/auth/tokens.js';
import { git, gitAsUser, makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'correct horse battery staple';

async function tokenFor(server: TestServer, email: string, role: Role): Promise<string> {
  const ctx = server.services!.auth;
  const user = await createAccount(ctx, OPERATOR, { email, role, password: PASSWORD });
  return (await createAccessToken(ctx, user.id, 'test', null)).token;
}

/** The wiki's URL with credentials, as `git push http://user:token@host/wiki.git` takes them. */
function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.href;
}

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-clone-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('git over HTTP on a public wiki (working clone)', () => {
  let repo: ReturnType<typeof makeRepo>;
  let server: TestServer;
  let remote: string;
  let writerToken: string;
  let contributorToken: string;

  before(async () => {
    repo = makeRepo({ 'index.md': '---\ntitle: Accueil\n---\n\nPremière version.\n' }, 'wiki');
    server = await startServer({ repo: repo.dir }, {});
    remote = `${server.url}wiki.git`;
    writerToken = await tokenFor(server, 'writer@example.org', 'writer');
    contributorToken = await tokenFor(server, 'contributor@example.org', 'contributor');
  });
  after(async () => {
    await server.close();
    repo.cleanup();
  });

  test('anyone clones anonymously, and every page shows the clone URL', async (t) => {
    const dir = scratch(t);
    const cloned = await gitAsUser(dir, ['clone', remote, 'copy']);
    assert.ok(cloned.ok, cloned.out);
    assert.match(readFileSync(join(dir, 'copy', 'index.md'), 'utf8'), /Première version/);
    const { document } = await server.page('/');
    const footer = document.querySelector('footer')?.textContent ?? '';
    assert.ok(footer.includes(`git clone ${remote}`), footer);
  });

  test('a writer pushes with a token, and the live wiki shows the change at once', async (t) => {
    const dir = scratch(t);
    assert.ok((await gitAsUser(dir, ['clone', remote, 'copy'])).ok);
    const copy = join(dir, 'copy');
    writeFileSync(join(copy, 'index.md'), '---\ntitle: Accueil\n---\n\nDeuxième version, poussée.\n');
    assert.ok((await gitAsUser(copy, ['commit', '-qam', 'Deuxième version'])).ok);
    const pushed = await gitAsUser(copy, ['push', withCredentials(remote, 'n-importe-qui', writerToken), 'HEAD:main']);
    assert.ok(pushed.ok, pushed.out);
    assert.equal(git(repo.dir, ['rev-parse', 'main']).trim(), (await gitAsUser(copy, ['rev-parse', 'HEAD'])).out.trim());
    const { document } = await server.page('/');
    assert.match(document.querySelector('main')?.textContent ?? '', /Deuxième version, poussée/);
    // The working clone's files moved with its branch (receive.denyCurrentBranch=updateInstead).
    assert.match(readFileSync(join(repo.dir, 'index.md'), 'utf8'), /Deuxième version/);
  });

  test('a push without a token, with the password, or with a contributor’s token is refused', async (t) => {
    const dir = scratch(t);
    assert.ok((await gitAsUser(dir, ['clone', remote, 'copy'])).ok);
    const copy = join(dir, 'copy');
    writeFileSync(join(copy, 'nouvelle.md'), 'Refusée.\n');
    assert.ok((await gitAsUser(copy, ['add', '.'])).ok && (await gitAsUser(copy, ['commit', '-qm', 'Refusée'])).ok);
    const before = git(repo.dir, ['rev-parse', 'main']).trim();
    for (const url of [remote, withCredentials(remote, 'writer@example.org', PASSWORD), withCredentials(remote, 'x', contributorToken)]) {
      const pushed = await gitAsUser(copy, ['push', url, 'HEAD:main']);
      assert.equal(pushed.ok, false, `${url}: ${pushed.out}`);
    }
    const forbidden = await gitAsUser(copy, ['push', withCredentials(remote, 'x', contributorToken), 'HEAD:main']);
    assert.match(forbidden.out, /403/);
    assert.equal(git(repo.dir, ['rev-parse', 'main']).trim(), before);
  });

  test('a force-push that rewrites the published branch is refused', async (t) => {
    const dir = scratch(t);
    assert.ok((await gitAsUser(dir, ['clone', remote, 'copy'])).ok);
    const copy = join(dir, 'copy');
    assert.ok((await gitAsUser(copy, ['commit', '-q', '--amend', '-m', 'Histoire réécrite'])).ok);
    const before = git(repo.dir, ['rev-parse', 'main']).trim();
    const pushed = await gitAsUser(copy, ['push', '--force', withCredentials(remote, 'x', writerToken), 'HEAD:main']);
    assert.equal(pushed.ok, false, pushed.out);
    assert.match(pushed.out, /rewrites the history of the published branch/);
    assert.equal(git(repo.dir, ['rev-parse', 'main']).trim(), before);
  });

  test('other addresses under the repository answer 404 (no dumb HTTP)', async () => {
    assert.equal((await server.get('/wiki.git/HEAD')).status, 404);
    assert.equal((await server.get('/wiki.git/info/refs')).status, 404);
    assert.equal((await server.get('/wiki.git/config')).status, 404);
  });

  test('what the git endpoints send carries the headers that keep a browser from treating it as a page', async () => {
    for (const path of ['/wiki.git/info/refs?service=git-upload-pack', '/wiki.git/info/refs', '/wiki.git/info/refs?service=git-receive-pack']) {
      const response = await server.get(path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(response.headers.get('content-security-policy') ?? '', /^sandbox; default-src 'none'; frame-ancestors 'none'$/, path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
    }
  });
});

describe('git over HTTP on a bare repository', () => {
  let parent: string;
  let bare: string;
  let server: TestServer;
  let writerToken: string;

  before(async () => {
    const repo = makeRepo({ 'index.md': '# Accueil\n' });
    parent = mkdtempSync(join(tmpdir(), 'feuillet-bare-'));
    bare = join(parent, 'wiki.git');
    git(parent, ['clone', '--quiet', '--bare', repo.dir, bare]);
    repo.cleanup();
    server = await startServer({ repo: bare }, {});
    writerToken = await tokenFor(server, 'writer@example.org', 'writer');
  });
  after(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  test('deleting the published branch is refused', async (t) => {
    const dir = scratch(t);
    assert.ok((await gitAsUser(dir, ['init', '-q'])).ok);
    const pushed = await gitAsUser(dir, ['push', withCredentials(`${server.url}wiki.git`, 'x', writerToken), ':main']);
    assert.equal(pushed.ok, false, pushed.out);
    assert.match(pushed.out, /the published branch refs\/heads\/main cannot be deleted/);
    assert.ok(git(bare, ['rev-parse', 'main']).trim());
  });

  test('other branches may be created, rewritten and deleted', async (t) => {
    const dir = scratch(t);
    const url = withCredentials(`${server.url}wiki.git`, 'x', writerToken);
    assert.ok((await gitAsUser(dir, ['clone', '-q', url, 'copy'])).ok);
    const copy = join(dir, 'copy');
    assert.ok((await gitAsUser(copy, ['push', url, 'HEAD:refs/heads/brouillon'])).ok);
    assert.ok((await gitAsUser(copy, ['commit', '-q', '--amend', '-m', 'Autre'])).ok);
    assert.ok((await gitAsUser(copy, ['push', '--force', url, 'HEAD:refs/heads/brouillon'])).ok);
    const deleted = await gitAsUser(copy, ['push', url, ':brouillon']);
    assert.ok(deleted.ok, deleted.out);
  });
});

describe('git over HTTP with force-push allowed, and on a private wiki', () => {
  test('auth.allow_force_push lets a writer rewrite the published branch', async (t) => {
    const repo = makeRepo({ 'index.md': '# Accueil\n' });
    const server = await startServer({ repo: repo.dir }, { settings: { allowForcePush: true } });
    t.after(async () => {
      await server.close();
      repo.cleanup();
    });
    const token = await tokenFor(server, 'writer@example.org', 'writer');
    const dir = scratch(t);
    assert.ok((await gitAsUser(dir, ['clone', '-q', `${server.url}wiki.git`, 'copy'])).ok);
    const copy = join(dir, 'copy');
    assert.ok((await gitAsUser(copy, ['commit', '-q', '--amend', '-m', 'Histoire réécrite'])).ok);
    const pushed = await gitAsUser(copy, ['push', '--force', withCredentials(`${server.url}wiki.git`, 'x', token), 'HEAD:main']);
    assert.ok(pushed.ok, pushed.out);
    assert.equal(git(repo.dir, ['log', '-1', '--format=%s', 'main']).trim(), 'Histoire réécrite');
  });

  test('a private wiki refuses anonymous clones and lets a signed-in reader clone with a token', async (t) => {
    const repo = makeRepo({ 'index.md': '# Secret\n' });
    const server = await startServer({ repo: repo.dir }, { settings: { private: true } });
    t.after(async () => {
      await server.close();
      repo.cleanup();
    });
    const token = await tokenFor(server, 'reader@example.org', 'reader');
    const dir = scratch(t);
    const anonymous = await gitAsUser(dir, ['clone', `${server.url}wiki.git`, 'anonymous']);
    assert.equal(anonymous.ok, false);
    const refs = await server.get('/wiki.git/info/refs?service=git-upload-pack');
    assert.equal(refs.status, 401);
    assert.match(refs.headers.get('www-authenticate') ?? '', /^Basic /);
    const cloned = await gitAsUser(dir, ['clone', withCredentials(`${server.url}wiki.git`, 'x', token), 'reader']);
    assert.ok(cloned.ok, cloned.out);
    const pushed = await gitAsUser(join(dir, 'reader'), ['push', withCredentials(`${server.url}wiki.git`, 'x', token), 'HEAD:main']);
    assert.equal(pushed.ok, false);
  });
});
