/**
 * SIGKILL after an apply moved the branch and before it was recorded (issue 19, fault 3): the commits are
 * on main, the change still "proposed". At the next start the change is recorded as applied from the
 * history itself (each applied commit links to its mail) and its thread gets the notice; an apply asked
 * again finds the commits instead of answering 409. No temporary file of the killed process stays.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyChange } from '../../src/review/actions.js';
import { listChanges } from '../../src/review/changes.js';
import { MAINTAINER, PREFIX, reviewWorld, run, type ReviewWorld } from '../review/desk-fixture.js';
import { postForm, serve, sessionFor } from './crash-fixture.js';

async function worldWithAChange(): Promise<{ world: ReviewWorld; number: number }> {
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' });
  world.contributor.commit('Ajoute la page des outils', { 'outils.md': '# Outils\n\nUne liste.\n' });
  world.contributor.commit('Complète la page des outils', { 'outils.md': '# Outils\n\nUne liste, et plus.\n' });
  await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', 'HEAD~2']));
  const { changes } = await listChanges(world.db);
  assert.equal(changes.length, 1);
  return { world, number: changes[0]!.number };
}

const leftovers = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(`feuillet-object-${pid}-`) || name.startsWith(`feuillet-am-${pid}-`));

test('an apply killed after the branch moved is recorded as applied at the next start, with its notice', async (t) => {
  const { world, number } = await worldWithAChange();
  t.after(() => world.cleanup());
  const before = run(world.repo, ['rev-parse', 'main']).trim();
  const maintainer = await sessionFor(world.repo, 'maia@example.org', 'maintainer');
  const outbox = join(world.opened.dataDir, 'outbox');
  const mailed = () => (existsSync(outbox) ? readdirSync(outbox).map((name) => readFileSync(join(outbox, name), 'utf8').replace(/=\r\n/g, '')) /* quoted-printable's soft breaks */ : []);

  const doomed = await serve(world.repo, 'apply:branch-moved');
  assert.equal(await postForm(doomed.url, `/-/review/${number}/apply`, maintainer, {}), 'no answer');
  assert.equal(await doomed.ended, 'SIGKILL');
  assert.equal(run(world.repo, ['rev-list', '--count', `${before}..main`]).trim(), '2');
  await world.reopen();
  assert.equal((await listChanges(world.db)).changes[0]?.state, 'proposed');
  assert.equal(mailed().filter((mail) => mail.includes('Applied to branch main')).length, 0);

  const server = await serve(world.repo);
  t.after(() => server.stop());
  assert.match(server.output(), new RegExp(`#${number} : 2 correctif\\(s\\) trouvé\\(s\\) sur la branche main`));
  await world.reopen();
  assert.equal((await listChanges(world.db)).changes[0]?.state, 'applied');
  const notices = mailed().filter((mail) => mail.includes('Applied to branch main'));
  assert.equal(notices.length, 1);
  assert.match(notices[0]!, new RegExp(run(world.repo, ['rev-parse', 'main']).trim()));
  assert.deepEqual(leftovers(doomed.pid), []);
});

test('an apply asked again after such a crash records the commits it finds on the branch instead of failing', async (t) => {
  const { world, number } = await worldWithAChange();
  t.after(() => world.cleanup());
  const maintainer = await sessionFor(world.repo, 'maia@example.org', 'maintainer');
  const doomed = await serve(world.repo, 'apply:branch-moved');
  assert.equal(await postForm(doomed.url, `/-/review/${number}/apply`, maintainer, {}), 'no answer');
  await doomed.ended;
  const head = run(world.repo, ['rev-parse', 'main']).trim();
  await world.reopen();

  // A second process (the command line) applies before any server has started again.
  const again = await applyChange(world.desk, number, MAINTAINER);
  assert.equal(again.kind, 'applied', JSON.stringify(again));
  if (again.kind !== 'applied') return;
  assert.equal(again.state, 'applied');
  assert.equal(again.commits.at(-1)?.commit, head);
  assert.equal(run(world.repo, ['rev-parse', 'main']).trim(), head, 'nothing applied twice');
});

test('temporary files of a killed process are removed by the next one to open the repository, not those of a live one', async (t) => {
  const gone = 2 ** 22 + 23; // above Linux's largest pid: no process has it
  const dead = join(tmpdir(), `feuillet-object-${gone}-0123456789abcdef`);
  const deadFolder = join(tmpdir(), `feuillet-am-${gone}-x1y2z3`);
  const live = join(tmpdir(), `feuillet-merge-${process.ppid}-0123456789abcdef-ours`);
  writeFileSync(dead, 'objet');
  mkdirSync(join(deadFolder, 'tree'), { recursive: true });
  writeFileSync(live, 'texte');
  t.after(() => rmSync(live, { force: true }));
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  t.after(() => world.cleanup());
  assert.equal(existsSync(dead), false);
  assert.equal(existsSync(deadFolder), false);
  assert.equal(existsSync(live), true);
});
