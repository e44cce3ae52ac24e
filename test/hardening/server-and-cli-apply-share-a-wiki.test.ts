/**
 * Two processes on one repository and one data folder, with SQLite and with PostgreSQL (issue 15, concurrency): `feuillet serve` takes web
 * saves while a maintainer runs `feuillet apply N` in a terminal, as a separate process. No save answers a
 * 5xx; every save answered 303 and every apply that said so is in the history; every change is applied
 * once (a retry after "the branch moved" finds nothing left to do twice); the history is linear, the work
 * tree clean and `git fsck` clean.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test, type TestContext } from 'node:test';
import { listChanges } from '../../src/review/changes.js';
import { cliArgs } from '../cli/serve-process.js';
import { PREFIX, reviewWorld, run } from '../review/desk-fixture.js';
import { skipPostgres, startPostgres } from '../store/postgres-server.js';
import { postForm, serve, sessionFor, stateEnv, type StateAt } from './crash-fixture.js';

const CHANGES = 4;
const WRITERS = 3;

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(args), { env: { ...process.env, LANG: 'en_US.UTF-8', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr });
    });
  });
}

async function savesAndCliApplies(t: TestContext, at: StateAt): Promise<void> {
  const files: Record<string, string> = { 'index.md': '# Accueil\n' };
  for (let i = 0; i < WRITERS; i++) files[`pages/p${i}.md`] = `# Page ${i}\n\nDépart.\n`;
  const world = await reviewWorld(files, at.databaseUrl ? { databaseUrl: at.databaseUrl } : {});
  t.after(() => world.cleanup());
  for (let i = 0; i < CHANGES; i++) {
    world.contributor.commit(`Proposition ${i}`, { [`propositions/n${i}.md`]: `# Proposition ${i}\n` });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
  }
  const numbers = (await listChanges(world.db)).changes.map((change) => change.number);
  assert.equal(numbers.length, CHANGES);
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => sessionFor(world.repo, `w${i}@example.org`, 'writer', at)));
  const server = await serve(world.repo, undefined, { at });
  t.after(() => server.stop());

  let applying = true;
  const serverErrors: string[] = [];
  const saved: string[] = [];
  const writing = writers.map(async (writer, i) => {
    for (let n = 0; applying || n < 3; n++) {
      const mark = `w${i}-${n}`;
      const base = run(world.repo, ['rev-parse', 'main']).trim();
      const text = `# Page ${i}\n\nDépart.\n\n${Array.from({ length: n + 1 }, (_, k) => `Ligne w${i}-${k}.`).join('\n')}\n`;
      const answer = await postForm(server.url, `/-/edit/pages/p${i}.md`, writer, { action: 'save', base, text, message: mark });
      if (answer === 'no answer' || answer.status >= 500) serverErrors.push(`${mark}: ${answer === 'no answer' ? answer : answer.status}`);
      else if (answer.status === 303) saved.push(mark);
      else assert.ok((await answer.text()).includes(`Ligne ${mark}.`), `a refused save (${answer.status}) gives the text back`);
      // A person types between two saves; back-to-back saves from every writer would starve the machine.
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  });

  const applied: number[] = [];
  const refusals: string[] = [];
  for (const number of numbers) {
    // As a maintainer would: run it again while it says the branch moved meanwhile.
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await cli(['apply', String(number), world.repo], stateEnv(at));
      if (result.code === 0) {
        applied.push(number);
        break;
      }
      refusals.push(result.out.trim());
    }
  }
  applying = false;
  await Promise.all(writing);

  t.diagnostic(`${saved.length} saves acknowledged, ${refusals.length} applies asked again`);
  assert.deepEqual(serverErrors, [], server.output().slice(-3000));
  assert.deepEqual(applied, numbers, refusals.join('\n'));
  const log = run(world.repo, ['log', '--format=%s', 'main']);
  for (const mark of saved) assert.match(log, new RegExp(`^${mark}$`, 'm'), `save ${mark} is in the history`);
  for (let i = 0; i < CHANGES; i++) assert.equal(log.match(new RegExp(`^Proposition ${i}$`, 'gm'))?.length, 1, `change ${i} applied once`);
  assert.ok(saved.length >= WRITERS * 3, `${saved.length} saves acknowledged`);
  assert.equal(run(world.repo, ['rev-list', '--merges', '--count', 'main']).trim(), '0');
  assert.equal(run(world.repo, ['status', '--porcelain']), '');
  run(world.repo, ['fsck', '--no-progress']);
  await world.reopen();
  assert.deepEqual(
    (await listChanges(world.db)).changes.map((change) => change.state),
    numbers.map(() => 'applied'),
  );
}

test('web saves in the server and `feuillet apply` in a terminal, at once on one wiki (SQLite): nothing lost, nothing twice', (t) => savesAndCliApplies(t, {}));

test('the same with the state in PostgreSQL', { skip: skipPostgres, timeout: 240_000 }, async (t) => {
  const postgres = await startPostgres();
  t.after(() => postgres.stop());
  await savesAndCliApplies(t, { databaseUrl: await postgres.createDatabase() });
});
