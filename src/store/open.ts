import { join } from 'node:path';
import { coreMigrations } from './core-migrations.js';
import type { Database } from './db.js';
import { storeErrors } from './errors.js';
import { type Migration, migrate } from './migrate.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

export interface OpenDatabaseOptions {
  /** Feuillet's data folder; the SQLite file is `feuillet.sqlite` in it. */
  dataDir: string;
  /** PostgreSQL instead of SQLite (config `database.url`, `postgres://…`). */
  url?: string;
  /** Migrations of other folders (review, search…), applied with the core ones in id order. */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

export const SQLITE_FILE_NAME = 'feuillet.sqlite';

/** Opens the database (SQLite in the data folder, or PostgreSQL when a URL is given) and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const busy = options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {};
  const db = options.url
    ? openPostgres({ url: options.url, ...busy })
    : openSqlite({ file: join(options.dataDir, SQLITE_FILE_NAME), ...busy });
  try {
    if (options.url) {
      try {
        await db.get('SELECT 1');
      } catch (error) {
        throw storeErrors.cannotOpen(withoutPassword(options.url), error);
      }
    }
    await migrate(db, [...coreMigrations, ...(options.migrations ?? [])]);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** The URL as it may be printed: the password masked. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(URL PostgreSQL illisible / unreadable PostgreSQL URL)';
  }
}
