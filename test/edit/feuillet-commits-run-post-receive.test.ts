// A static site kept by a git hook must follow every change, not only pushes: Feuillet's own commits
// (a web save, an apply) run the repository's post-receive hook as a push does, with OLD NEW REF on its
// standard input. Real repositories, a real hook script, a real served wiki.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hooksDone } from '../../src/git/post-receive.js';
import { applyChange } from '../../src/review/actions.js';
import { listChanges } from '../../src/review/changes.js';
import { MAINTAINER, PREFIX, reviewWorld, run } from '../review/desk-fixture.js';
import { editWorld } from './edit-fixture.js';

/** Installs a post-receive hook that appends what it was given, and where it ran, to `log`. */
function installHook(gitDir: string, log: string): void {
  const hook = join(gitDir, 'hooks', 'post-receive');
  writeFileSync(hook, `#!/bin/sh\nwhile read -r old new ref; do echo "$old $new $ref $(pwd)" >> "${log}"; done\n`);
  chmodSync(hook, 0o755);
}

async function logged(log: string): Promise<string[]> {
  await hooksDone();
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

test('a web save runs the repository’s post-receive hook with the old and new commit of the branch', async () => {
  const w = await editWorld();
  try {
    const log = join(w.world.parent, 'post-receive.log');
    installHook(join(w.world.repo, '.git'), log);
    const writer = await w.person('writer');
    const form = await writer.open('guide.md');
    const before = w.head();
    assert.equal((await writer.save('guide.md', { base: form.base, text: `${form.text}\nAjout.\n` })).status, 303);
    assert.deepEqual(await logged(log), [`${before} ${w.head()} refs/heads/main ${w.world.repo}`]);
  } finally {
    await w.close();
  }
});

test('an apply runs it too, in a bare repository from its git folder; a failing hook changes nothing of the apply', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' }, { bare: true });
  try {
    const log = join(world.parent, 'post-receive.log');
    installHook(world.repo, log);
    world.contributor.commit('Ajoute une page', { 'page.md': '# Page\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    const before = run(world.repo, ['rev-parse', 'main']).trim();
    const [change] = (await listChanges(world.db)).changes;
    assert.equal((await applyChange(world.desk, change!.number, MAINTAINER)).kind, 'applied');
    assert.deepEqual(await logged(log), [`${before} ${run(world.repo, ['rev-parse', 'main']).trim()} refs/heads/main ${world.repo}`]);

    writeFileSync(join(world.repo, 'hooks', 'post-receive'), '#!/bin/sh\necho "le site n’a pas pu être construit" >&2\nexit 3\n');
    world.contributor.commit('Une autre page', { 'autre.md': '# Autre\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    const second = (await listChanges(world.db)).changes.find((c) => c.state === 'proposed');
    assert.equal((await applyChange(world.desk, second!.number, MAINTAINER)).kind, 'applied');
    await hooksDone();
    assert.equal(run(world.repo, ['show', 'main:autre.md']), '# Autre\n');
  } finally {
    await world.cleanup();
  }
});
