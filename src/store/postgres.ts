import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Database, Db, RunResult, SqlValue } from './db.js';
import { StoreError, storeErrors } from './errors.js';
import { numberedPlaceholders } from './placeholders.js';
import { type Connection, runTransaction, TransactionScope } from './transaction.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (config `database.url`). */
  url: string;
  maxConnections?: number;
  /** How long a transaction keeps retrying after serialization failures before failing with `busy`. */
  busyTimeoutMs?: number;
}

/**
 * 64-bit integers (COUNT(*), BIGINT columns) as numbers, as SQLite gives them; the pg driver's default
 * is strings. Feuillet's ids and counts stay far below 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens a pool of connections to PostgreSQL. Transactions run SERIALIZABLE, which gives the guarantee
 * SQLite's single writer gives (each transaction as if alone), and are retried when PostgreSQL reports a
 * serialization failure — so a transaction callback must do nothing but database work (return mails to
 * send instead of sending them), which is the rule for both databases anyway.
 */
export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, types });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new PostgresDatabase(pool, options.busyTimeoutMs ?? 5000);
}

function connectionOf(client: pg.Pool | pg.PoolClient): Connection {
  const query = async (sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
    try {
      return await client.query(numberedPlaceholders(sql), params as unknown[]);
    } catch (error) {
      throw mapPgError(error);
    }
  };
  return {
    dialect: 'postgres',
    all: async <Row>(sql: string, params: readonly SqlValue[]) => (await query(sql, params)).rows as Row[],
    get: async <Row>(sql: string, params: readonly SqlValue[]) => (await query(sql, params)).rows[0] as Row | undefined,
    run: async (sql: string, params: readonly SqlValue[]): Promise<RunResult> => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    exec: async (sql: string) => {
      try {
        await client.query(sql); // no parameters: the simple protocol, which accepts several statements
      } catch (error) {
        throw mapPgError(error);
      }
    },
  };
}

class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  private readonly scope = new TransactionScope();
  private readonly root: Connection;

  constructor(
    private readonly pool: pg.Pool,
    private readonly busyTimeoutMs: number,
  ) {
    this.root = connectionOf(pool);
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    this.scope.refuseInside();
    return this.root.all<Row>(sql, params);
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    this.scope.refuseInside();
    return this.root.get<Row>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    this.scope.refuseInside();
    return this.root.run(sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.scope.refuseInside();
    return this.root.exec(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.scope.refuseInside();
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw storeErrors.failed(error);
      }
      try {
        return await runTransaction(connectionOf(client), this.scope, 0, {
          begin: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
          commit: 'COMMIT',
          rollback: 'ROLLBACK',
        }, fn);
      } catch (error) {
        if (!isRetryable(error) || Date.now() >= deadline) throw error;
      } finally {
        client.release();
      }
      await sleep(pause * (1 + Math.random())); // jitter, so that two retrying transactions drift apart
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';

function pgCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof StoreError) || error.kind !== 'busy') return false;
  const code = pgCode(error.cause);
  return code === SERIALIZATION_FAILURE || code === DEADLOCK;
}

function mapPgError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = pgCode(error);
  if (code === undefined) return storeErrors.failed(error);
  if (code === '23505') return storeErrors.uniqueViolation(error);
  if (code === '23503') return storeErrors.foreignKeyViolation(error);
  if (code === SERIALIZATION_FAILURE || code === DEADLOCK || code === '55P03') return storeErrors.busy(error);
  return storeErrors.failed(error);
}
