import { join } from 'node:path';
import { coreMigrations } from './core-migrations.js';
import type { Database } from './db.js';
import { type Migration, migrate } from './migrate.js';
import { openSqlite } from './sqlite.js';

export interface OpenDatabaseOptions {
  /** Feuillet's data folder; the SQLite file is `feuillet.sqlite` in it. */
  dataDir: string;
  /** Migrations of other folders (review, search…), applied with the core ones in id order. */
  migrations?: readonly Migration[];
  busyTimeoutMs?: number;
}

export const SQLITE_FILE_NAME = 'feuillet.sqlite';

/** Opens the database of a data folder and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = openSqlite({
    file: join(options.dataDir, SQLITE_FILE_NAME),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
  });
  try {
    await migrate(db, [...coreMigrations, ...(options.migrations ?? [])]);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
