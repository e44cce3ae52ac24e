import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite } from '../../src/store/sqlite.js';
import { isStoreError } from '../../src/store/errors.js';
import type { Database } from '../../src/store/db.js';

function tempFile(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data', 'feuillet.sqlite');
}

async function withCounter(db: Database): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
}

test('a new database is created in WAL mode, with foreign keys on, readable by its owner only', async (t) => {
  const file = tempFile(t);
  const db = openSqlite({ file });
  t.after(() => db.close());
  assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
  assert.equal((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(file, '..')).mode & 0o077, 0);
});

test('statements bind values, never splice them into SQL', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
  await db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, data BLOB)');
  const hostile = "'); DROP TABLE notes; --";
  const inserted = await db.get<{ id: number }>('INSERT INTO notes (body, data) VALUES (?, ?) RETURNING id', [hostile, new Uint8Array([0, 255])]);
  assert.equal(inserted?.id, 1);
  const row = await db.get<{ body: string; data: Buffer }>('SELECT body, data FROM notes WHERE id = ?', [1]);
  assert.equal(row?.body, hostile);
  assert.deepEqual([...(row?.data ?? [])], [0, 255]);
  assert.deepEqual(await db.all('SELECT id FROM notes WHERE body = ?', ['nothing']), []);
  assert.equal((await db.run('UPDATE notes SET body = ? WHERE id = ?', ['x', 1])).changes, 1);
});

test('constraint violations become typed errors', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
  await db.exec('CREATE TABLE a (id INTEGER PRIMARY KEY, k TEXT UNIQUE); CREATE TABLE b (a_id INTEGER NOT NULL REFERENCES a (id))');
  await db.run('INSERT INTO a (k) VALUES (?)', ['x']);
  await assert.rejects(db.run('INSERT INTO a (k) VALUES (?)', ['x']), (e) => isStoreError(e, 'unique-violation'));
  await assert.rejects(db.run('INSERT INTO b (a_id) VALUES (?)', [42]), (e) => isStoreError(e, 'foreign-key-violation'));
});

test('a transaction commits when its callback resolves and rolls back when it throws', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
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
  assert.equal((await db.get<{ n: number }>('SELECT n FROM counter'))?.n, 1);
});

test('a nested transaction rolls back to its savepoint only', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
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
  assert.equal((await db.get<{ n: number }>('SELECT n FROM counter'))?.n, 3);
});

test('using the database instead of the transaction handle inside a transaction is refused, not deadlocked', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
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

test('statements from unrelated work wait for an open transaction instead of joining it', async (t) => {
  const db = openSqlite({ file: tempFile(t) });
  t.after(() => db.close());
  await withCounter(db);
  const failing = db.transaction(async (tx) => {
    await tx.run('UPDATE counter SET n = n + 5');
    await sleep(20);
    throw new Error('rolled back');
  });
  // Started while the transaction is open: must not be rolled back with it.
  const outside = db.run('UPDATE counter SET n = n + 1');
  await assert.rejects(failing, /rolled back/);
  await outside;
  assert.equal((await db.get<{ n: number }>('SELECT n FROM counter'))?.n, 1);
});

test('two connections to the same file lose no update under concurrent transactions', async (t) => {
  const file = tempFile(t);
  const a = openSqlite({ file });
  const b = openSqlite({ file });
  t.after(async () => {
    await a.close();
    await b.close();
  });
  await withCounter(a);
  const increment = (db: Database) =>
    db.transaction(async (tx) => {
      const row = await tx.get<{ n: number }>('SELECT n FROM counter WHERE id = 1');
      await sleep(1); // let the other connection try to get in while this one holds the lock
      await tx.run('UPDATE counter SET n = ? WHERE id = 1', [(row?.n ?? 0) + 1]);
    });
  await Promise.all(Array.from({ length: 40 }, (_, i) => increment(i % 2 === 0 ? a : b)));
  assert.equal((await b.get<{ n: number }>('SELECT n FROM counter'))?.n, 40);
});

test('a writer waits for the other connection to release its lock, then fails with "busy" past its timeout', async (t) => {
  const file = tempFile(t);
  const holder = openSqlite({ file });
  const patient = openSqlite({ file, busyTimeoutMs: 5000 });
  const hasty = openSqlite({ file, busyTimeoutMs: 0 });
  t.after(async () => {
    await holder.close();
    await patient.close();
    await hasty.close();
  });
  await withCounter(holder);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = holder.transaction(async (tx) => {
    await tx.run('UPDATE counter SET n = n + 1');
    locked();
    await released;
  });
  await isLocked;
  await assert.rejects(hasty.run('UPDATE counter SET n = n + 100'), (e) => isStoreError(e, 'busy'));
  // Readers are never blocked by a writer in WAL mode.
  assert.equal((await hasty.get<{ n: number }>('SELECT n FROM counter'))?.n, 0);
  const waiting = patient.run('UPDATE counter SET n = n + 10');
  await sleep(30);
  release();
  await holding;
  await waiting;
  assert.equal((await patient.get<{ n: number }>('SELECT n FROM counter'))?.n, 11);
});
