// A throw-away PostgreSQL server for tests: its own cluster in a temporary folder, on loopback, on a free
// port. When the binaries are absent the tests skip with a reason, except in CI, where they must run.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from '../helpers/ports.js';

function findBinDir(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(delimiter).find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
}

const binDir = findBinDir();

/** The reason to skip PostgreSQL tests, or false to run them (always run in CI). */
export const skipPostgres: string | false =
  binDir || process.env.CI === 'true' ? false : 'needs the PostgreSQL server binaries (apt-get install postgresql)';

/** initdb refuses to run as root: run the server as the `postgres` account (or `nobody`) then. */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  const entry = passwd.find((f) => f[0] === 'postgres') ?? passwd.find((f) => f[0] === 'nobody');
  if (!entry) throw new Error('running as root, and no postgres or nobody account to run PostgreSQL as');
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}

export interface TestPostgres {
  /** A new empty database, and its URL. */
  createDatabase(): Promise<string>;
  /** The URL of the server's `postgres` database, from which tests create their own. */
  adminUrl(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!binDir) throw new Error('PostgreSQL binaries not found (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-pg-'));
  const account = serverAccount();
  if (account) chownSync(dir, account.uid, account.gid);
  const as = account ? { uid: account.uid, gid: account.gid } : {};
  const data = join(dir, 'data');
  execFileSync(join(binDir, 'initdb'), ['-D', data, '-U', 'feuillet', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...as,
    stdio: 'pipe',
  });
  const port = await freePort();
  const server: ChildProcess = spawn(
    join(binDir, 'postgres'),
    ['-D', data, '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-F', '-c', 'max_connections=100'],
    { ...as, stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = (database: string) => `postgres://feuillet@127.0.0.1:${port}/${database}`;
  for (let tries = 0; ; tries++) {
    const client = new pg.Client({ connectionString: url('postgres') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (tries > 300 || server.exitCode !== null) throw error;
      await sleep(100);
    }
  }
  let count = 0;
  return {
    async adminUrl() {
      return url('postgres');
    },
    async createDatabase() {
      count += 1;
      const name = `test_${count}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    async stop() {
      server.kill('SIGINT'); // "fast shutdown"
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
