/**
 * A wiki repository with its review desk on a real SQLite file, for the review tests; and a contributor's
 * clone in which patches are made by the real git binary.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { csrfToken } from '../../src/auth/csrf.js';
import type { Role } from '../../src/auth/roles.js';
import { startSession } from '../../src/auth/sessions.js';
import { createAccessToken } from '../../src/auth/tokens.js';
import type { Actor, ReviewDesk } from '../../src/review/desk.js';
import { createApp } from '../../src/server/app.js';
import { ASSETS_VERSION } from '../../src/server/assets.js';
import { openAccessServices } from '../../src/server/middleware/services.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { attachReviewDesk } from '../../src/server/routes/review-desks.js';
import { listen } from '../../src/server/start.js';
import { publicationOf } from '../../src/pages/publication.js';
import { ingestMail, type IngestReport } from '../../src/review/ingest.js';
import { openReviewDesk } from '../../src/review/open.js';
import { openDatabase } from '../../src/store/open.js';
import type { Database } from '../../src/store/db.js';
import { openWiki, type OpenedWiki } from '../../src/wiki/open.js';

export const PREFIX = 'logiciels-libres';
export const LIST = 'logiciels-libres@lists.localhost';
export const CONTRIBUTOR = { name: 'Élodie Dupré', email: 'elodie@example.org' };
export const MAINTAINER: Actor = { role: 'maintainer', name: 'Maïa Mainteneuse', address: 'maia@example.org', via: 'cli' };

const ISOLATED = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

export function run(cwd: string, args: string[], env: Record<string, string> = {}, input?: string | Buffer): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...ISOLATED, ...env }, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
}

export function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const as = (who: { name: string; email: string }, date?: string) => ({
  GIT_AUTHOR_NAME: who.name,
  GIT_AUTHOR_EMAIL: who.email,
  GIT_COMMITTER_NAME: who.name,
  GIT_COMMITTER_EMAIL: who.email,
  ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
});

export interface Contributor {
  readonly dir: string;
  git(args: string[], input?: string): string;
  commit(message: string, files?: Record<string, string | Buffer>, remove?: string[]): string;
  /** `git format-patch` into a fresh folder; the mails in order (cover letter first). */
  formatPatch(args: string[]): Buffer[];
}

export interface ReviewWorld {
  readonly parent: string;
  /** The wiki's repository (a clone with a work tree, or bare). */
  readonly repo: string;
  readonly contributor: Contributor;
  desk: ReviewDesk;
  opened: OpenedWiki;
  db: Database;
  ingest(mails: readonly Buffer[]): Promise<IngestReport>;
  /** Opens the desk again (a new process on the same data folder). */
  reopen(): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The wiki at `files`, committed by a maintainer; `bare` makes the wiki's repository a bare one (the
 * contributor's clone is always a normal one).
 */
export async function reviewWorld(files: Record<string, string | Buffer>, options: { bare?: boolean; now?: () => Date; listAddress?: string; databaseUrl?: string } = {}): Promise<ReviewWorld> {
  const parent = mkdtempSync(join(tmpdir(), 'feuillet-review-'));
  const origin = join(parent, 'origin');
  mkdirSync(origin);
  run(origin, ['init', '--quiet', '--initial-branch=main']);
  write(origin, files);
  run(origin, ['add', '--all']);
  run(origin, ['commit', '--quiet', '-m', 'Premier commit'], as({ name: 'Maïa Mainteneuse', email: 'maia@example.org' }, '2025-01-01T10:00:00Z'));
  const repo = join(parent, options.bare ? `${PREFIX}.git` : PREFIX);
  run(parent, ['clone', '--quiet', ...(options.bare ? ['--bare'] : []), origin, repo]);
  if (!options.bare) run(repo, ['config', 'user.name', 'Maïa Mainteneuse']);
  const contributorDir = join(parent, 'contributor');
  run(parent, ['clone', '--quiet', origin, contributorDir]);
  let patches = 0;
  const contributor: Contributor = {
    dir: contributorDir,
    git: (args, input) => run(contributorDir, args, as(CONTRIBUTOR), input),
    commit(message, more = {}, remove = []) {
      write(contributorDir, more);
      for (const path of remove) run(contributorDir, ['rm', '--quiet', '--', path]);
      run(contributorDir, ['add', '--all']);
      run(contributorDir, ['commit', '--quiet', '--allow-empty', '-m', message], as(CONTRIBUTOR, `2025-06-0${1 + (patches % 8)}T10:00:00Z`));
      return run(contributorDir, ['rev-parse', 'HEAD']).trim();
    },
    formatPatch(args) {
      const out = join(parent, `patches-${patches++}`);
      run(contributorDir, ['format-patch', '--quiet', '-o', out, ...args], as(CONTRIBUTOR));
      return readdirSync(out)
        .sort()
        .map((name) => readFileSync(join(out, name)));
    },
  };
  const open = async () => {
    const opened = await openWiki({ repo });
    const db = await openDatabase({ dataDir: opened.dataDir, ...(options.databaseUrl ? { url: options.databaseUrl } : {}) });
    const desk = await openReviewDesk({ db, opened, deployment: { server: {}, mail: options.listAddress ? { listAddress: options.listAddress } : {} }, ...(options.now ? { now: options.now } : {}) });
    return { opened, db, desk };
  };
  const first = await open();
  const world: ReviewWorld = {
    parent,
    repo,
    contributor,
    ...first,
    ingest: (mails) => ingestMail(world.desk, mails.map((raw) => ({ raw: withoutEnvelope(raw), source: 'mbox' as const }))),
    async reopen() {
      await world.db.close();
      world.opened.source.close();
      Object.assign(world, await open());
    },
    async cleanup() {
      await world.db.close();
      world.opened.source.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
  return world;
}

/** A format-patch file is an mbox of one message: its first line is the `From <commit> …` envelope. */
export function withoutEnvelope(mail: Buffer): Buffer {
  return mail.subarray(0, 5).toString() === 'From ' ? mail.subarray(mail.indexOf(0x0a) + 1) : mail;
}

/** Every file of a commit's tree as path → blob id and mode, to compare trees exactly. */
export function treeOf(dir: string, commit: string): string {
  return run(dir, ['ls-tree', '-r', '--full-tree', commit]);
}

export function commitIdentity(dir: string, commit: string): { author: string; authorDate: string; committer: string; message: string } {
  const [author = '', authorDate = '', committer = '', ...message] = run(dir, ['show', '-s', '--format=%an <%ae>%n%aI%n%cn <%ce>%n%B', commit]).split('\n');
  return { author, authorDate, committer, message: message.join('\n').trim() };
}

export interface ReviewServer {
  readonly url: string;
  get(path: string, cookie?: string): Promise<Response>;
  page(path: string, cookie?: string): Promise<{ response: Response; document: Document }>;
  post(path: string, form: Record<string, string>, cookie?: string): Promise<Response>;
  /** A signed-in browser of an account with this address and role: its cookie and form token. */
  signIn(email: string, role: Role, name?: string): Promise<{ cookie: string; csrf: string }>;
  /** A personal access token of a new account with this address and role, for git over HTTP. */
  accessToken(email: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

/** Feuillet's HTTP server for the world's wiki, with accounts and the world's review desk attached. */
export async function serveWorld(world: ReviewWorld): Promise<ReviewServer> {
  const services = await openAccessServices({
    db: world.db,
    opened: world.opened,
    settings: { registration: false, private: false, allowForcePush: false },
    auth: { scryptCost: { N: 2 ** 10, r: 8, p: 1 } },
  });
  attachReviewDesk(world.opened.wiki, world.desk);
  const publication = publicationOf(world.opened, { basePath: '', assetsVersion: ASSETS_VERSION });
  const app = createApp({ publication, defaultLang: 'fr', services });
  const server = await listen(app, '127.0.0.1', 0);
  const base = server.url.replace(/\/$/, '');
  const get = (path: string, cookie?: string) => fetch(base + path, { redirect: 'manual', headers: { 'accept-language': 'fr', ...(cookie ? { cookie } : {}) } });
  return {
    url: server.url,
    get,
    async page(path, cookie) {
      const response = await get(path, cookie);
      const { document } = parseHTML(await response.text());
      return { response, document: document as unknown as Document };
    },
    post: (path, form, cookie) =>
      fetch(base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr', ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams(form).toString(),
      }),
    async signIn(email, role, name) {
      const user = await createAccount(services.auth, OPERATOR, { email, role, ...(name ? { displayName: name } : {}) });
      const session = await startSession(services.auth, user.id, null);
      return { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: csrfToken(services.secret, session.token) };
    },
    async accessToken(email, role) {
      const user = await createAccount(services.auth, OPERATOR, { email, role });
      return (await createAccessToken(services.auth, user.id, 'test', null)).token;
    },
    close: () => server.close(),
  };
}

/** Another desk on the same repository and data folder, as a second process (a CLI command beside the server) opens it. */
export async function openSecondDesk(world: ReviewWorld): Promise<{ desk: ReviewDesk; close(): Promise<void> }> {
  const opened = await openWiki({ repo: world.repo });
  const db = await openDatabase({ dataDir: opened.dataDir });
  const desk = await openReviewDesk({ db, opened, deployment: { server: {}, mail: {} } });
  return {
    desk,
    async close() {
      await db.close();
      opened.source.close();
    },
  };
}
