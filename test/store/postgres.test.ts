import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgres } from '../../src/store/postgres.js';
import { openDatabase } from '../../src/store/open.js';
import { isStoreError } from '../../src/store/errors.js';
import { dbContract } from './db-contract.js';
import { skipPostgres, startPostgres, type TestPostgres } from './postgres-server.js';

let server: TestPostgres | undefined;
before(async () => {
  if (!skipPostgres) server = await startPostgres();
});
after(() => server?.stop());

dbContract(async () => {
  const url = await server!.createDatabase();
  return (options) => openPostgres({ url, ...options });
}, { skip: skipPostgres });

test('openDatabase with a URL uses PostgreSQL and applies the schema', { skip: skipPostgres }, async (t) => {
  const db = await openDatabase({ dataDir: '/nonexistent', url: await server!.createDatabase() });
  t.after(() => db.close());
  assert.equal(db.dialect, 'postgres');
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 0);
});

test('an unreachable server is a clear error that does not print the password', { skip: skipPostgres }, async () => {
  await assert.rejects(
    openDatabase({ dataDir: '/nonexistent', url: 'postgres://feuillet:hunter2@127.0.0.1:1/none' }),
    (e) => isStoreError(e, 'cannot-open') && !e.fr.includes('hunter2') && e.en.includes('***'),
  );
});
