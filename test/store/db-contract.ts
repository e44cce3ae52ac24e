// What every database behind `Db` must do the same way. Run on SQLite by sqlite-connection.test.ts and
// on PostgreSQL by postgres.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/store/db.js';
import { isStoreError } from '../../src/store/errors.js';
import { identityColumn, migrate, type Migration } from '../../src/store/migrate.js';
import { coreMigrations } from '../../src/store/core-migrations.js';

/** Opens a new connection (or pool) to one fresh database made for the calling test. */
export type Opener = (options?: { busyTimeoutMs?: number }) => Database;
export type FreshDatabase = (t: { after: (fn: () => unknown) => void }) => Promise<Opener>;

async function opened(t: { after: (fn: () => unknown) => void }, fresh: FreshDatabase, count = 1, busyTimeoutMs?: number): Promise<Database[]> {
  const open = await fresh(t);
  const dbs = Array.from({ length: count }, () => open(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }));
  t.after(() => Promise.all(dbs.map((db) => db.close())));
  return dbs;
}

async function withCounter(db: Database): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
  await db.run('INSERT INTO counter (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
}

async function count(db: Database): Promise<number | undefined> {
  return (await db.get<{ n: number }>('SELECT n FROM counter WHERE id = 1'))?.n;
}

export function dbContract(fresh: FreshDatabase, options: { skip?: string | false } = {}): void {
  const skip = options.skip ?? false;

  test('statements bind values, never splice them into SQL', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    const blob = db.dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
    await db.exec(`CREATE TABLE notes (id ${identityColumn(db.dialect)}, body TEXT, data ${blob})`);
    const hostile = "'); DROP TABLE notes; -- ? $1";
    const inserted = await db.get<{ id: number }>('INSERT INTO notes (body, data) VALUES (?, ?) RETURNING id', [hostile, new Uint8Array([0, 255])]);
    assert.equal(inserted?.id, 1);
    const row = await db.get<{ body: string; data: Buffer }>('SELECT body, data FROM notes WHERE id = ?', [1]);
    assert.equal(row?.body, hostile);
    assert.deepEqual([...(row?.data ?? [])], [0, 255]);
    assert.deepEqual(await db.all("SELECT id FROM notes WHERE body = ? AND body <> '?'", ['nothing']), []);
    assert.equal((await db.run('UPDATE notes SET body = ? WHERE id = ?', ['x', 1])).changes, 1);
    assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notes'))?.n, 1, 'counts are numbers');
  });

  test('constraint violations become typed errors', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    await db.exec('CREATE TABLE a (id INTEGER PRIMARY KEY, k TEXT UNIQUE); CREATE TABLE b (a_id INTEGER NOT NULL REFERENCES a (id))');
    await db.run('INSERT INTO a (id, k) VALUES (?, ?)', [1, 'x']);
    await assert.rejects(db.run('INSERT INTO a (id, k) VALUES (?, ?)', [2, 'x']), (e) => isStoreError(e, 'unique-violation'));
    await assert.rejects(db.run('INSERT INTO b (a_id) VALUES (?)', [42]), (e) => isStoreError(e, 'foreign-key-violation'));
    await assert.rejects(db.run('SELEKT nonsense'), (e) => isStoreError(e, 'failed'));
  });

  test('a transaction commits when its callback resolves and rolls back when it throws', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    await withCounter(db);
    await db.transaction(async (tx) => {
      await tx.run('UPDATE counter SET n = n + 1');
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.run('UPDATE counter SET n = n + 10');
        throw new Error('stop');
      }),
      /stop/,
    );
    assert.equal(await count(db), 1);
  });

  test('a nested transaction rolls back to its savepoint only', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    await withCounter(db);
    await db.transaction(async (tx) => {
      await tx.run('UPDATE counter SET n = n + 1');
      await assert.rejects(
        tx.transaction(async (inner) => {
          await inner.run('UPDATE counter SET n = n + 100');
          throw new Error('inner');
        }),
        /inner/,
      );
      await tx.transaction(async (inner) => {
        await inner.run('UPDATE counter SET n = n + 2');
      });
    });
    assert.equal(await count(db), 3);
  });

  test('using the database instead of the transaction handle inside a transaction is refused, not deadlocked', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    await withCounter(db);
    await assert.rejects(
      db.transaction(async () => {
        await db.get('SELECT n FROM counter');
      }),
      (e) => isStoreError(e, 'misuse'),
    );
    let leaked: unknown;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await assert.rejects((leaked as Database).get('SELECT 1'), (e) => isStoreError(e, 'misuse'));
  });

  test('statements from unrelated work do not join an open transaction', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    await withCounter(db);
    let inside!: () => void;
    const isInside = new Promise<void>((resolve) => (inside = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.run('UPDATE counter SET n = n + 5');
      inside();
      await sleep(20);
      throw new Error('rolled back');
    });
    await isInside;
    const outside = db.run('UPDATE counter SET n = n + 1');
    await assert.rejects(failing, /rolled back/);
    await outside;
    assert.equal(await count(db), 1);
  });

  test('two connections lose no update under concurrent read-then-write transactions', { skip }, async (t) => {
    const [a, b] = (await opened(t, fresh, 2, 60_000)) as [Database, Database];
    await withCounter(a);
    const increment = (db: Database) =>
      db.transaction(async (tx) => {
        const n = (await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1'))?.n ?? 0;
        await sleep(1); // let the other connection try to get in meanwhile
        await tx.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 === 0 ? a : b)));
    assert.equal(await count(b), 20);
  });

  test('migrations apply once each, in id order, even from two connections at once', { skip }, async (t) => {
    const [a, b] = (await opened(t, fresh, 2, 60_000)) as [Database, Database];
    const runs: string[] = [];
    const extra = (id: string): Migration => ({
      id,
      async up(tx) {
        runs.push(id);
        await tx.exec(`CREATE TABLE t_${id.slice(13)} (id ${identityColumn(tx.dialect)}, user_id INTEGER REFERENCES users (id))`);
      },
    });
    const all = [extra('209901010000_late'), ...coreMigrations, extra('209801010000_early')];
    const [fromA, fromB] = await Promise.all([migrate(a, all), migrate(b, all)]);
    assert.equal(fromA.length + fromB.length, all.length);
    assert.deepEqual(runs, ['209801010000_early', '209901010000_late']);
    assert.deepEqual(await migrate(a, all), []);
    const ids = (await a.all<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id);
    assert.deepEqual(ids, [...coreMigrations.map((m) => m.id), '209801010000_early', '209901010000_late']);
  });

  test('a failing migration leaves nothing behind and is retried next time', { skip }, async (t) => {
    const [db] = (await opened(t, fresh)) as [Database];
    let fail = true;
    const migration: Migration = {
      id: '202601010000_flaky',
      async up(tx) {
        await tx.exec('CREATE TABLE flaky (id INTEGER)');
        if (fail) throw new Error('disk on fire');
      },
    };
    await assert.rejects(migrate(db, [migration]), (e) => isStoreError(e, 'migration-failed') && /202601010000_flaky/.test(e.en));
    await assert.rejects(db.get('SELECT id FROM flaky'), (e) => isStoreError(e, 'failed'));
    fail = false;
    assert.deepEqual(await migrate(db, [migration]), ['202601010000_flaky']);
    assert.deepEqual(await migrate(db, [migration]), []);
  });
}
