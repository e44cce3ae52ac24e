/**
 * Applying never half-applies and never touches the maintainer's own work: a series that conflicts
 * leaves the branch where it was and names the files; uncommitted edits in the work tree stay, and a
 * work tree with uncommitted edits to the files the series changes makes the apply wait; two applies at
 * once from two processes both land.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyChange } from '../../src/review/actions.js';
import { changeEvents, listChanges } from '../../src/review/changes.js';
import { MAINTAINER, openSecondDesk, PREFIX, reviewWorld, run } from './desk-fixture.js';

const PAGES = { 'index.md': '# Accueil\n\nBienvenue.\n', 'guide.md': '# Guide\n\nPremière version.\n', 'autre.md': '# Autre\n' };

for (const bare of [false, true]) {
  test(`a conflicting series leaves the branch untouched and names the files (${bare ? 'bare' : 'work tree'})`, async () => {
    const world = await reviewWorld(PAGES, { bare });
    try {
      world.contributor.commit('Nouvelle page', { 'nouvelle.md': '# Nouvelle\n' });
      world.contributor.commit('Réécrit le guide', { 'guide.md': '# Guide\n\nVersion de la contributrice.\n' });
      await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', 'HEAD~2']));
      // Meanwhile the maintainer changed the same line.
      const origin = join(world.parent, 'origin');
      writeFileSync(join(origin, 'guide.md'), '# Guide\n\nVersion du mainteneur.\n');
      run(origin, ['commit', '--quiet', '-am', 'Guide revu'], { GIT_AUTHOR_NAME: 'M', GIT_AUTHOR_EMAIL: 'm@example.org', GIT_COMMITTER_NAME: 'M', GIT_COMMITTER_EMAIL: 'm@example.org' });
      run(world.repo, bare ? ['fetch', '--quiet', 'origin', 'main:main'] : ['pull', '--quiet', '--ff-only']);
      const before = run(world.repo, ['rev-parse', 'main']).trim();
      const worktrees = run(world.repo, ['worktree', 'list']);

      const change = (await listChanges(world.db)).changes[0]!;
      const result = await applyChange(world.desk, change.number, MAINTAINER);
      assert.equal(result.kind, 'conflict');
      if (result.kind !== 'conflict') return;
      assert.equal(result.patch, 2);
      assert.deepEqual(result.files, ['guide.md']);
      assert.equal(run(world.repo, ['rev-parse', 'main']).trim(), before);
      // The first patch, which applied, is not left behind either.
      assert.equal(run(world.repo, ['ls-tree', '--name-only', 'main']).includes('nouvelle.md'), false);
      assert.equal(run(world.repo, ['worktree', 'list']), worktrees);
      if (!bare) {
        assert.equal(run(world.repo, ['status', '--porcelain']), '');
        assert.equal(existsSync(join(world.repo, 'nouvelle.md')), false);
      }
      const after = (await listChanges(world.db)).changes[0]!;
      assert.equal(after.state, 'proposed');
      const events = await changeEvents(world.db, change.number);
      assert.match(events.at(-1)?.note ?? '', /guide\.md/);
    } finally {
      await world.cleanup();
    }
  });
}

test('uncommitted work in the maintainer’s work tree stays, and the applied files appear beside it', async () => {
  const world = await reviewWorld(PAGES);
  try {
    world.contributor.commit('Complète le guide', { 'guide.md': '# Guide\n\nPremière version.\n\nSuite.\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    writeFileSync(join(world.repo, 'autre.md'), '# Autre\n\nBrouillon non enregistré.\n');
    writeFileSync(join(world.repo, 'brouillon.md'), 'pas encore suivi\n');
    run(world.repo, ['add', 'brouillon.md']);

    const change = (await listChanges(world.db)).changes[0]!;
    const result = await applyChange(world.desk, change.number, MAINTAINER);
    assert.equal(result.kind, 'applied', JSON.stringify(result));
    assert.equal(readFileSync(join(world.repo, 'autre.md'), 'utf8'), '# Autre\n\nBrouillon non enregistré.\n');
    assert.equal(readFileSync(join(world.repo, 'guide.md'), 'utf8'), '# Guide\n\nPremière version.\n\nSuite.\n');
    assert.equal(run(world.repo, ['status', '--porcelain']), ' M autre.md\nA  brouillon.md\n');
  } finally {
    await world.cleanup();
  }
});

test('uncommitted edits to a file the series changes make the apply refuse, and keep the edits', async () => {
  const world = await reviewWorld(PAGES);
  try {
    world.contributor.commit('Complète le guide', { 'guide.md': '# Guide\n\nPremière version.\n\nSuite.\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    writeFileSync(join(world.repo, 'guide.md'), '# Guide\n\nMon brouillon.\n');
    const before = run(world.repo, ['rev-parse', 'main']).trim();

    const change = (await listChanges(world.db)).changes[0]!;
    const result = await applyChange(world.desk, change.number, MAINTAINER);
    assert.equal(result.kind, 'worktree-has-changes');
    assert.equal(run(world.repo, ['rev-parse', 'main']).trim(), before);
    assert.equal(readFileSync(join(world.repo, 'guide.md'), 'utf8'), '# Guide\n\nMon brouillon.\n');
    assert.equal(run(world.repo, ['status', '--porcelain']), ' M guide.md\n');
    assert.equal((await listChanges(world.db)).changes[0]?.state, 'proposed');
  } finally {
    await world.cleanup();
  }
});

test('two maintainers applying at once from two processes both land, one after the other', async () => {
  const world = await reviewWorld(PAGES, { bare: true });
  try {
    const c = world.contributor;
    c.commit('Complète le guide', { 'guide.md': '# Guide\n\nPremière version.\n\nSuite.\n' });
    await world.ingest(c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']));
    c.git(['reset', '--quiet', '--hard', 'HEAD~1']);
    c.commit('Complète l’autre page', { 'autre.md': '# Autre\n\nAjout.\n' });
    await world.ingest(c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']));
    const [second, first] = (await listChanges(world.db)).changes;
    const before = run(world.repo, ['rev-parse', 'main']).trim();
    const other = await openSecondDesk(world);
    try {
      const results = await Promise.all([applyChange(world.desk, first!.number, MAINTAINER), applyChange(other.desk, second!.number, MAINTAINER)]);
      assert.deepEqual(results.map((result) => result.kind), ['applied', 'applied']);
    } finally {
      await other.close();
    }
    assert.equal(run(world.repo, ['rev-list', '--count', `${before}..main`]).trim(), '2');
    assert.equal(run(world.repo, ['show', 'main:guide.md']), '# Guide\n\nPremière version.\n\nSuite.\n');
    assert.equal(run(world.repo, ['show', 'main:autre.md']), '# Autre\n\nAjout.\n');
    assert.deepEqual((await listChanges(world.db)).changes.map((change) => change.state), ['applied', 'applied']);
  } finally {
    await world.cleanup();
  }
});
