// Runs every other auth test again with PostgreSQL as the database, on a throw-away server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { skipPostgres, startPostgres } from '../store/postgres-server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// The files whose tests use a database (through setup()); the others would only run twice for nothing.
const files = readdirSync(here)
  .filter((name) => name.endsWith('.test.ts') && name !== 'on-postgres.test.ts')
  .map((name) => join(here, name))
  .filter((file) => readFileSync(file, 'utf8').includes('await setup('));

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _context, ...rest } = env;
  return rest;
}

test('the accounts and access rules hold on PostgreSQL too', { skip: skipPostgres, timeout: 300_000 }, async (t) => {
  const server = await startPostgres();
  t.after(() => server.stop());
  const admin = await server.adminUrl();
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', ...files], {
    // Without NODE_TEST_CONTEXT, which would make the child think it is part of this run and skip its files.
    env: { ...withoutTestContext(process.env), FEUILLET_TEST_POSTGRES: admin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(status, 0, output);
  const passed = Number(/^# pass (\d+)$/m.exec(output)?.[1]);
  assert.ok(passed >= 50, `only ${passed} tests ran on PostgreSQL:\n${output}`);
  assert.match(output, /^# fail 0$/m);
});
