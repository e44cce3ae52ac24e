/**
 * A wiki served by a real `feuillet serve` process that a test kills with SIGKILL at a named crash point
 * (src/crash-point.ts), then starts again: what a power cut or the OOM killer leaves, and what start-up
 * repairs. Sessions are made in the wiki's own database before the server starts, as `feuillet user add`
 * would make accounts.
 */
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { csrfToken } from '../../src/auth/csrf.js';
import type { Role } from '../../src/auth/roles.js';
import { startSession } from '../../src/auth/sessions.js';
import type { CrashPoint } from '../../src/crash-point.js';
import { openAccessServices } from '../../src/server/middleware/services.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { openDatabase } from '../../src/store/open.js';
import { openWiki } from '../../src/wiki/open.js';
import { startServe, type ServeProcess } from '../cli/serve-process.js';

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

/** Where a server keeps its state, when not in the repository's data folder and its SQLite file. */
export interface StateAt {
  readonly dataDir?: string;
  /** A PostgreSQL database (`database.url`). */
  readonly databaseUrl?: string;
}

/** A signed-in browser of a new account with `role`, valid for any server started later on `repo` (and `at`). */
export async function sessionFor(repo: string, email: string, role: Role, at: StateAt = {}): Promise<Session> {
  const opened = await openWiki({ repo, ...(at.dataDir ? { dataDir: at.dataDir } : {}) });
  const db = await openDatabase({ dataDir: opened.dataDir, ...(at.databaseUrl ? { url: at.databaseUrl } : {}) });
  try {
    const services = await openAccessServices({ db, opened, settings: { registration: false, private: false, allowForcePush: false } });
    const user = await createAccount(services.auth, OPERATOR, { email, role, displayName: `Personne ${role}` });
    const session = await startSession(services.auth, user.id, null);
    return { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: csrfToken(services.secret, session.token) };
  } finally {
    await db.close();
    opened.source.close();
  }
}

/** The environment that points Feuillet's commands at `at` (the data folder is an argument: `--data`). */
export function stateEnv(at: StateAt): Record<string, string> {
  return at.databaseUrl ? { FEUILLET_DATABASE_URL: at.databaseUrl } : {};
}

/** `feuillet serve REPO`, armed to kill itself at `crashAt` when given, keeping its state `at`. */
export function serve(repo: string, crashAt?: CrashPoint, more: { args?: readonly string[]; at?: StateAt } = {}): Promise<ServeProcess> {
  const at = more.at ?? {};
  const args = [repo, ...(more.args ?? []), ...(at.dataDir ? ['--data', at.dataDir] : [])];
  return startServe(args, { ...stateEnv(at), ...(crashAt ? { FEUILLET_CRASH_AT: crashAt } : {}) });
}

/** Posts a form as a browser would; resolves with the answer, or with 'no answer' when the server died. */
export async function postForm(url: string, path: string, session: Session, fields: Record<string, string>): Promise<Response | 'no answer'> {
  try {
    return await fetch(url + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr', origin: url, cookie: session.cookie },
      body: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
    });
  } catch {
    return 'no answer';
  }
}

/** The list address and SMTP port a server started with `--smtp-port 0` prints. */
export async function smtpPort(server: ServeProcess): Promise<{ port: number; list: string }> {
  const output = await server.waitFor(/Liste (\S+) : SMTP sur \/ on 127\.0\.0\.1:(\d+)/);
  const [, list, port] = /Liste (\S+) : SMTP sur \/ on 127\.0\.0\.1:(\d+)/.exec(output)!;
  return { port: Number(port), list: list! };
}
