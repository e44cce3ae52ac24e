// Shared by the auth tests: a real SQLite database in a temporary data folder, a low scrypt cost, and
// a clock the test moves by hand (nothing here depends on wall-clock time).
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
  const db = await openDatabase({ dataDir });
  t.after(async () => {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const clock = new Clock();
  const ctx = authContext(db, { ...options, scryptCost: TEST_SCRYPT_COST, now: clock.now });
  return { ctx, db, dataDir, clock };
}

export function user(ctx: AuthContext, email: string, role: Role = 'contributor', password: string | undefined = PASSWORD): Promise<User> {
  return createAccount(ctx, OPERATOR, { email, role, ...(password === undefined ? {} : { password }) });
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
