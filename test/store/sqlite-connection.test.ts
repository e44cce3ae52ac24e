import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite } from '../../src/store/sqlite.js';
import { isStoreError } from '../../src/store/errors.js';
import { dbContract } from './db-contract.js';

function tempFile(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'data', 'feuillet.sqlite');
}

dbContract(async (t) => {
  const file = tempFile(t);
  return (options) => openSqlite({ file, ...options });
});

test('a new database is created in WAL mode, with foreign keys on, readable by its owner only', async (t) => {
  const file = tempFile(t);
  const db = openSqlite({ file });
  t.after(() => db.close());
  assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
  assert.equal((await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(file, '..')).mode & 0o077, 0);
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
  await holder.exec('CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)');
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

test('a database that cannot be opened is a clear error', async (t) => {
  const file = tempFile(t);
  assert.throws(() => openSqlite({ file: join(file, '..', '..', '\0bad') }), (e) => isStoreError(e, 'cannot-open'));
});
