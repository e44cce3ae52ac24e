/**
 * The one query interface every folder uses, whatever the database behind it.
 *
 * SQL written against it keeps to a portable subset of SQLite and PostgreSQL:
 * - `?` placeholders (translated to `$1…` for PostgreSQL);
 * - integers for booleans (0/1) — `SqlValue` has no boolean so a `true` cannot slip in;
 * - timestamps as ISO 8601 UTC text (`toISOString()`), which sorts and compares as text on both;
 * - JSON as text; `RETURNING`, `ON CONFLICT … DO NOTHING/UPDATE`, partial indexes are fine on both;
 * - no `INSERT OR IGNORE`, no `lower()`/`COLLATE NOCASE` for keys (store a normalised key column instead).
 * DDL differs a little (identity columns): migrations receive the dialect to choose.
 */
export type Dialect = 'sqlite' | 'postgres';

export type SqlValue = string | number | bigint | Uint8Array | null;

export interface RunResult {
  /** Rows inserted, updated or deleted by the statement. */
  readonly changes: number;
}

export interface Db {
  readonly dialect: Dialect;
  /** Every row of a query. `Row` is what the caller expects back; nothing checks it at run time. */
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row of a query, or undefined. */
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** A statement run for its effect (a `RETURNING` clause is better read with `get`/`all`). */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Several statements without parameters (schema scripts). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Inside, use only the `tx` handle: the outer handle refuses to run while its own transaction is open
   * (on SQLite the statement would silently join the transaction; on PostgreSQL it would run outside it).
   * `tx.transaction()` nests with a savepoint.
   * Transactions are serialisable on both databases: on SQLite one writer at a time (BEGIN IMMEDIATE,
   * waiting for other processes asynchronously); on PostgreSQL SERIALIZABLE, where a conflict makes the
   * whole callback run again. So `fn` does database work only: it returns mails to send, files to write…
   * rather than doing them.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/** A database opened by this process, which it must close. */
export interface Database extends Db {
  close(): Promise<void>;
}
