import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Db, RunResult, SqlValue } from './db.js';
import { StoreError, storeErrors } from './errors.js';
import { type Connection, runTransaction, TransactionScope } from './transaction.js';

export interface SqliteOptions {
  /** The database file; its folder is created (mode 0700) when missing. */
  file: string;
  /** How long a statement waits for another process's write lock before failing with a `busy` error. */
  busyTimeoutMs?: number;
}

/**
 * How long SQLite itself may block the thread waiting for a lock. Kept tiny on purpose: SQLite's busy
 * handler sleeps synchronously, which would freeze the whole server — and, when two connections live
 * in the same process, would wait for a transaction that cannot progress while the thread is blocked.
 * Longer waits happen in `withBusyRetry` below, with the event loop free.
 */
const SYNC_BUSY_TIMEOUT_MS = 10;
const STATEMENT_CACHE_SIZE = 500;

/** Opens (creating if needed) a SQLite database in WAL mode, with foreign keys enforced. */
export function openSqlite(options: SqliteOptions): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  let handle: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    // The file holds password hashes: create it readable by its owner only (SQLite gives its -wal and
    // -shm files the same permissions as the database file).
    closeSync(openSync(options.file, 'a', 0o600));
    handle = new BetterSqlite3(options.file, { timeout: SYNC_BUSY_TIMEOUT_MS });
    const mode = handle.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    handle.pragma('foreign_keys = ON');
  } catch (error) {
    throw storeErrors.cannotOpen(options.file, error);
  }
  return new SqliteDatabase(handle, busyTimeoutMs);
}

class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private readonly scope = new TransactionScope();
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** Settled when the transaction currently open on this connection ends. */
  private gate: Promise<void> | undefined;
  private readonly connection: Connection;

  constructor(
    private readonly handle: BetterSqlite3.Database,
    private readonly busyTimeoutMs: number,
  ) {
    this.connection = {
      dialect: 'sqlite',
      all: async <Row>(sql: string, params: readonly SqlValue[]) =>
        this.attempt(() => this.prepare(sql).all(...bind(params)) as Row[]),
      get: async <Row>(sql: string, params: readonly SqlValue[]) =>
        this.attempt(() => this.prepare(sql).get(...bind(params)) as Row | undefined),
      run: async (sql: string, params: readonly SqlValue[]) =>
        this.attempt(() => ({ changes: this.prepare(sql).run(...bind(params)).changes })),
      exec: async (sql: string) => {
        await this.withBusyRetry(() => this.handle.exec(sql));
      },
    };
  }

  /** Inside a transaction, on its connection: run now, any error mapped. */
  private attempt<T>(op: () => T): T {
    try {
      return op();
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.handle.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `op` when the connection is free, retrying while another connection holds the write lock,
   * with growing pauses, until `busyTimeoutMs` has passed.
   */
  private async withBusyRetry<T>(op: () => T, waitForTurn = false): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      // Waits until no transaction of this connection is open, so the statement does not run inside it.
      // The loop must stay inline: the check and the statement have to run with no await between them.
      while (waitForTurn && this.gate) await this.gate;
      try {
        return op();
      } catch (error) {
        if (!isBusy(error)) throw mapSqliteError(error);
        if (Date.now() >= deadline) throw storeErrors.busy(error);
      }
      await sleep(pause);
    }
  }

  private async root<T>(op: () => T): Promise<T> {
    this.scope.refuseInside();
    return this.withBusyRetry(op, true);
  }

  all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.root(() => this.prepare(sql).all(...bind(params)) as Row[]);
  }

  get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return this.root(() => this.prepare(sql).get(...bind(params)) as Row | undefined);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return this.root(() => ({ changes: this.prepare(sql).run(...bind(params)).changes }));
  }

  exec(sql: string): Promise<void> {
    return this.root(() => {
      this.handle.exec(sql);
    });
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.scope.refuseInside();
    while (this.gate) await this.gate; // inline, as in withBusyRetry: nothing may run between check and set
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      // IMMEDIATE takes the write lock at once: a deferred transaction that reads then writes can fail
      // with SQLITE_BUSY half-way when another process wrote in between, and could not be retried.
      return await runTransaction(this.connection, this.scope, 0, {
        begin: 'BEGIN IMMEDIATE',
        commit: 'COMMIT',
        rollback: 'ROLLBACK',
      }, fn);
    } finally {
      this.gate = undefined;
      open();
    }
  }

  async close(): Promise<void> {
    while (this.gate) await this.gate;
    this.statements.clear();
    this.handle.close();
  }
}

function bind(params: readonly SqlValue[]): unknown[] {
  // better-sqlite3 binds Buffers, not bare Uint8Arrays.
  return params.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value));
}

function sqliteCode(error: unknown): string | undefined {
  return error instanceof BetterSqlite3.SqliteError ? error.code : undefined;
}

function isBusy(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_BUSY') ?? false;
}

function mapSqliteError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return storeErrors.uniqueViolation(error);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return storeErrors.foreignKeyViolation(error);
  if (code.startsWith('SQLITE_BUSY')) return storeErrors.busy(error);
  return storeErrors.failed(error);
}
