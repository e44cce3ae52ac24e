import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/sqlite.js';
import { openDatabase } from '../../src/store/open.js';
import { migrate } from '../../src/store/migrate.js';
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

test('migrations contributed by other folders are passed when opening the data folder', async (t) => {
  const dataDir = tempDir(t);
  const db = await openDatabase({
    dataDir,
    migrations: [{ id: '209901010000_reviews', up: (tx) => tx.exec('CREATE TABLE reviews (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES users (id))') }],
  });
  t.after(() => db.close());
  assert.ok(await db.get("SELECT id FROM schema_migrations WHERE id = '209901010000_reviews'"));
});

test('malformed or duplicate migration ids are refused before anything runs', async (t) => {
  const db = openSqlite({ file: join(tempDir(t), 'db.sqlite') });
  t.after(() => db.close());
  const noop = async () => {};
  for (const ids of [['nodate'], ['202601010000_Upper'], ["202601010000_x'; DROP TABLE users; --"], ['202601010000_a', '202601010000_a']]) {
    await assert.rejects(migrate(db, ids.map((id) => ({ id, up: noop }))), (e) => isStoreError(e, 'misuse'), ids.join());
  }
});
