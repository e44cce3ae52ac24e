import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db, Dialect, RunResult, SqlValue } from './db.js';
import { storeErrors } from './errors.js';

/** One database connection as a driver gives it: statements, no transaction logic. */
export interface Connection {
  readonly dialect: Dialect;
  all<Row>(sql: string, params: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params: readonly SqlValue[]): Promise<Row | undefined>;
  run(sql: string, params: readonly SqlValue[]): Promise<RunResult>;
  exec(sql: string): Promise<void>;
}

/**
 * Remembers which transaction the running code is inside, so that a call on the outer handle from
 * inside a transaction callback is caught (a bug that would deadlock or escape the transaction)
 * while calls from unrelated concurrent work simply wait their turn.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<TransactionHandle>();

  inside<T>(handle: TransactionHandle, fn: () => Promise<T>): Promise<T> {
    return this.storage.run(handle, fn);
  }

  /** Throws when called from inside an open transaction of this scope. */
  refuseInside(): void {
    const handle = this.storage.getStore();
    if (handle && !handle.isClosed) {
      throw storeErrors.misuse(
        "Dans une transaction, utilisez l'objet `tx` qu'elle fournit, pas la base",
        'Inside a transaction, use the `tx` handle it provides, not the database',
      );
    }
  }
}

/** The `tx` given to a transaction callback: statements on the transaction's connection, savepoints for nesting. */
export class TransactionHandle implements Db {
  private closed = false;
  private nestedOpen = false;
  private readonly scope = new TransactionScope();

  constructor(
    private readonly connection: Connection,
    private readonly depth: number,
  ) {}

  get dialect(): Dialect {
    return this.connection.dialect;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) {
      throw storeErrors.misuse(
        "Cette transaction est terminée ; son objet `tx` n'est plus utilisable",
        'This transaction has ended; its `tx` handle can no longer be used',
      );
    }
    this.scope.refuseInside();
    if (this.nestedOpen) {
      throw storeErrors.misuse(
        "Une transaction imbriquée est ouverte : utilisez son objet `tx`",
        'A nested transaction is open: use its `tx` handle',
      );
    }
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    this.check();
    return this.connection.all<Row>(sql, params);
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    this.check();
    return this.connection.get<Row>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    this.check();
    return this.connection.run(sql, params);
  }

  async exec(sql: string): Promise<void> {
    this.check();
    return this.connection.exec(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    this.check();
    const name = `feuillet_sp${this.depth}`;
    this.nestedOpen = true;
    try {
      return await runTransaction(this.connection, this.scope, this.depth + 1, {
        begin: `SAVEPOINT ${name}`,
        commit: `RELEASE SAVEPOINT ${name}`,
        rollback: `ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`,
      }, fn);
    } finally {
      this.nestedOpen = false;
    }
  }
}

export interface TransactionStatements {
  begin: string;
  commit: string;
  rollback: string;
}

/** Begins, runs `fn` with a fresh handle, commits or rolls back; the handle is unusable afterwards. */
export async function runTransaction<T>(
  connection: Connection,
  scope: TransactionScope,
  depth: number,
  statements: TransactionStatements,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  await connection.exec(statements.begin);
  const tx = new TransactionHandle(connection, depth);
  try {
    const result = await scope.inside(tx, () => fn(tx));
    tx.close();
    await connection.exec(statements.commit);
    return result;
  } catch (error) {
    tx.close();
    try {
      await connection.exec(statements.rollback);
    } catch {
      // The original error says what went wrong; a failed rollback (connection lost) adds nothing useful.
    }
    throw error;
  }
}
