import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite.js';
import { openDatabase } from '../../src/store/open.js';
import { migrate, type Migration } from '../../src/store/migrate.js';
import { coreMigrations } from '../../src/store/core-migrations.js';
import { isStoreError } from '../../src/store/errors.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('opening a data folder twice applies the core schema once', async (t) => {
  const dataDir = tempDir(t);
  const first = await openDatabase({ dataDir });
  await first.close();
  const second = await openDatabase({ dataDir });
  t.after(() => second.close());
  assert.deepEqual(await migrate(second, coreMigrations), []);
  const applied = await second.all<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
  assert.deepEqual(applied.map((row) => row.id), coreMigrations.map((m) => m.id));
  const tables = await second.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  for (const name of ['users', 'oidc_identities', 'sessions', 'access_tokens', 'email_tokens', 'access_requests', 'audit_log', 'rate_limit_hits']) {
    assert.ok(tables.some((table) => table.name === name), name);
  }
});

test("migrations contributed by other folders run in id order, between the core's", async (t) => {
  const dataDir = tempDir(t);
  const order: string[] = [];
  const record = (id: string): Migration => ({
    id,
    async up(tx) {
      order.push(id);
      await tx.exec(`CREATE TABLE t_${id.slice(13)} (id INTEGER)`);
    },
  });
  const db = await openDatabase({ dataDir, migrations: [record('209901010000_late'), record('200001010000_early')] });
  t.after(() => db.close());
  assert.deepEqual(order, ['200001010000_early', '209901010000_late']);
  const ids = (await db.all<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((row) => row.id);
  assert.deepEqual(ids, ['200001010000_early', ...coreMigrations.map((m) => m.id), '209901010000_late']);
});

test('a failing migration leaves nothing behind and is retried next time', async (t) => {
  const file = join(tempDir(t), 'db.sqlite');
  const db = openSqlite({ file });
  t.after(() => db.close());
  let fail = true;
  const migration: Migration = {
    id: '202601010000_flaky',
    async up(tx) {
      await tx.exec('CREATE TABLE flaky (id INTEGER)');
      if (fail) throw new Error('disk on fire');
    },
  };
  await assert.rejects(migrate(db, [migration]), (e) => isStoreError(e, 'migration-failed') && /202601010000_flaky/.test(e.en));
  assert.equal(await db.get("SELECT name FROM sqlite_master WHERE name = 'flaky'"), undefined);
  fail = false;
  assert.deepEqual(await migrate(db, [migration]), ['202601010000_flaky']);
  assert.deepEqual(await migrate(db, [migration]), []);
});

test('malformed or duplicate migration ids are refused before anything runs', async (t) => {
  const db = openSqlite({ file: join(tempDir(t), 'db.sqlite') });
  t.after(() => db.close());
  const noop = async () => {};
  for (const ids of [['nodate'], ['202601010000_Upper'], ["202601010000_x'; DROP TABLE users; --"], ['202601010000_a', '202601010000_a']]) {
    await assert.rejects(migrate(db, ids.map((id) => ({ id, up: noop }))), (e) => isStoreError(e, 'misuse'), ids.join());
  }
});

test('two connections migrating at once apply each migration once', async (t) => {
  const file = join(tempDir(t), 'db.sqlite');
  const a = openSqlite({ file });
  const b = openSqlite({ file });
  t.after(async () => {
    await a.close();
    await b.close();
  });
  let runs = 0;
  const counted: Migration = {
    id: '202601010000_counted',
    async up(tx) {
      runs += 1;
      await tx.exec('CREATE TABLE counted (id INTEGER)');
    },
  };
  const [fromA, fromB] = await Promise.all([migrate(a, [...coreMigrations, counted]), migrate(b, [...coreMigrations, counted])]);
  assert.equal(runs, 1);
  assert.equal(fromA.length + fromB.length, coreMigrations.length + 1);
});
