// Shared by the auth tests: a real SQLite database in a temporary data folder, a low scrypt cost, and
// a clock the test moves by hand (nothing here depends on wall-clock time). When FEUILLET_TEST_POSTGRES
// holds the URL of a PostgreSQL server's `postgres` database (on-postgres.test.ts sets it), each test
// gets a new schema there instead.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/open.js';
import type { Database } from '../../src/store/db.js';
import { authContext, type AuthContext, type AuthOptions, OPERATOR } from '../../src/auth/context.js';
import { createAccount } from '../../src/auth/accounts.js';
import type { Role } from '../../src/auth/roles.js';
import type { User } from '../../src/auth/users.js';

export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery staple';

export class Clock {
  constructor(public ms = Date.UTC(2026, 0, 15, 9, 0, 0)) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Setup {
  ctx: AuthContext;
  db: Database;
  dataDir: string;
  clock: Clock;
}

export async function setup(t: { after: (fn: () => unknown) => void }, options: Omit<AuthOptions, 'now' | 'scryptCost'> = {}): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'feuillet-auth-'));
  const db = await openDatabase({ dataDir, ...(await postgresDatabase()) });
  t.after(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const clock = new Clock();
  const ctx = authContext(db, { ...options, scryptCost: TEST_SCRYPT_COST, now: clock.now });
  return { ctx, db, dataDir, clock };
}

async function postgresDatabase(): Promise<{ url?: string }> {
  const server = process.env.FEUILLET_TEST_POSTGRES;
  if (!server) return {};
  // A schema per test rather than a database: much faster to make, just as separate.
  const schema = `auth_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.href };
}

export function user(ctx: AuthContext, email: string, role: Role = 'contributor', password: string | undefined = PASSWORD): Promise<User> {
  return createAccount(ctx, OPERATOR, { email, role, ...(password === undefined ? {} : { password }) });
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
