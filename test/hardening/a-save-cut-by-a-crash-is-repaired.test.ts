/**
 * SIGKILL between a save's two steps (issue 19, fault 2): the work tree has the new text, the branch not
 * yet. The edit was never acknowledged, so after a restart it must be nowhere: `git status` clean, the
 * page as before, and the next save of that page accepted (it was answered 409 until someone ran
 * `git restore` by hand).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repairInterruptedMoves } from '../../src/git/advance-branch.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo, writeFiles } from '../helpers/repo.js';
import { postForm, serve, sessionFor } from './crash-fixture.js';

test('a save killed after the work tree moved leaves no trace once the server starts again', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'guide.md': '# Guide\n\nPremier texte.\n' });
  t.after(() => repo.cleanup());
  const writer = await sessionFor(repo.dir, 'ecrivaine@example.org', 'writer');
  const before = git(repo.dir, ['rev-parse', 'main']).trim();

  const doomed = await serve(repo.dir, 'advance:work-tree-moved');
  const cut = await postForm(doomed.url, '/-/edit/guide.md', writer, { action: 'save', base: before, text: '# Guide\n\nTexte jamais confirmé.\n', message: 'Jamais' });
  assert.equal(cut, 'no answer');
  assert.equal(await doomed.ended, 'SIGKILL');
  // What the crash left: the unconfirmed text in the work tree, the branch where it was.
  assert.equal(git(repo.dir, ['rev-parse', 'main']).trim(), before);
  assert.notEqual(git(repo.dir, ['status', '--porcelain']), '');

  const server = await serve(repo.dir);
  t.after(() => server.stop());
  assert.match(server.output(), /Copie de travail remise sur main/);
  assert.equal(git(repo.dir, ['status', '--porcelain']), '');
  assert.equal(readFileSync(join(repo.dir, 'guide.md'), 'utf8'), '# Guide\n\nPremier texte.\n');

  const saved = await postForm(server.url, '/-/edit/guide.md', writer, { action: 'save', base: before, text: '# Guide\n\nTexte confirmé.\n', message: 'Confirmé' });
  assert.ok(saved !== 'no answer');
  assert.equal(saved.status, 303);
  assert.equal(git(repo.dir, ['show', 'main:guide.md']), '# Guide\n\nTexte confirmé.\n');
  assert.equal(readFileSync(join(repo.dir, 'guide.md'), 'utf8'), '# Guide\n\nTexte confirmé.\n');
  assert.equal(git(repo.dir, ['status', '--porcelain']), '');
});

test('a move cut inside git read-tree (files written, index not) is put back too, keeping other edits', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'guide.md': '# Guide\n\nPremier texte.\n', 'notes.md': 'Notes.\n' });
  t.after(() => repo.cleanup());
  const from = git(repo.dir, ['rev-parse', 'main']).trim();
  // The commit a save made, not on the branch: its text and a new file.
  git(repo.dir, ['checkout', '--quiet', '-b', 'scratch']);
  const to = repo.commit('Jamais confirmé', { 'guide.md': '# Guide\n\nTexte jamais confirmé.\n', 'nouvelle.md': '# Nouvelle\n' });
  git(repo.dir, ['checkout', '--quiet', 'main']);
  git(repo.dir, ['branch', '--quiet', '-D', 'scratch']);
  // What read-tree had written when it was killed, and an edit of the owner's own to another file.
  writeFiles(repo.dir, { 'guide.md': '# Guide\n\nTexte jamais confirmé.\n', 'nouvelle.md': '# Nouvelle\n', 'notes.md': 'Notes, et les miennes.\n' });
  const folder = join(repo.dir, '.git', 'feuillet-moves');
  mkdirSync(folder);
  const gone = 2 ** 22 + 17; // above Linux's largest pid: no process has it
  writeFileSync(join(folder, `${gone}-0.json`), JSON.stringify({ pid: gone, ref: 'refs/heads/main', from, to, worktrees: [repo.dir] }));

  const repository = await GitRepository.open(repo.dir);
  t.after(() => repository.close());
  const repaired = await repairInterruptedMoves(repository);
  assert.equal(repaired.length, 1);
  assert.equal(git(repo.dir, ['status', '--porcelain']), ' M notes.md\n');
  assert.equal(readFileSync(join(repo.dir, 'guide.md'), 'utf8'), '# Guide\n\nPremier texte.\n');
  assert.equal(existsSync(join(repo.dir, 'nouvelle.md')), false);
  assert.deepEqual(readdirSync(folder), []);
  // A record of a process still running is a move under way: left alone.
  writeFileSync(join(folder, `${process.ppid}-0.json`), JSON.stringify({ pid: process.ppid, ref: 'refs/heads/main', from, to, worktrees: [repo.dir] }));
  assert.deepEqual(await repairInterruptedMoves(repository), []);
  assert.deepEqual(readdirSync(folder), [`${process.ppid}-0.json`]);
});
