import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GitError } from '../../src/git/errors.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';

let repo: ReturnType<typeof makeRepo>;
let repository: GitRepository;
const revParse = (ref: string) => git(repo.dir, ['rev-parse', ref]).trim();

before(async () => {
  repo = makeRepo({ 'index.md': '# Accueil\n' });
  repository = await GitRepository.open(repo.dir);
});

after(() => {
  repository.close();
  repo.cleanup();
});

/** The branch head as Feuillet reads it and as git reads it, for HEAD and for the branch by name. */
async function assertFollows(branch = 'main'): Promise<void> {
  assert.equal(await repository.resolve(), revParse('HEAD'));
  assert.equal(await repository.resolve(branch), revParse(`refs/heads/${branch}`));
}

test('each new commit is seen by the next resolve, loose or packed', async () => {
  await assertFollows();
  for (let i = 0; i < 5; i++) {
    repo.commit(`Commit ${i}`, { [`page-${i}.md`]: `# Page ${i}\n` });
    await assertFollows();
  }
  git(repo.dir, ['pack-refs', '--all']);
  await assertFollows();
  repo.commit('After packing', { 'after.md': '# Après\n' });
  await assertFollows();
  git(repo.dir, ['pack-refs', '--all']);
  git(repo.dir, ['update-ref', 'refs/heads/main', 'HEAD~2']);
  await assertFollows();
});

test('a branch moved back and forth, and HEAD switched to another branch or detached, are followed', async () => {
  const tip = revParse('HEAD');
  git(repo.dir, ['update-ref', 'refs/heads/main', 'HEAD~1']);
  await assertFollows();
  git(repo.dir, ['update-ref', 'refs/heads/main', tip]);
  await assertFollows();
  git(repo.dir, ['checkout', '--quiet', '-b', 'autre']);
  repo.commit('Sur une autre branche', { 'autre.md': '# Autre\n' });
  await assertFollows('autre');
  assert.notEqual(await repository.resolve('autre'), await repository.resolve('main'));
  git(repo.dir, ['checkout', '--quiet', '--detach', 'main~1']);
  assert.equal(await repository.resolve(), revParse('HEAD'));
  git(repo.dir, ['checkout', '--quiet', 'main']);
  await assertFollows();
});

test('a ref file replaced by another program (written beside it, then renamed) is read again', async () => {
  const older = revParse('HEAD~1');
  const file = join(repo.dir, '.git', 'refs', 'heads', 'main');
  git(repo.dir, ['update-ref', 'refs/heads/main', revParse('HEAD')]);
  await assertFollows();
  writeFileSync(`${file}.tmp`, `${older}\n`);
  renameSync(`${file}.tmp`, file);
  assert.equal(await repository.resolve(), older);
});

test('broken or looping refs are errors, never a hang or a wrong commit', async () => {
  const refs = join(repo.dir, '.git', 'refs', 'heads');
  writeFileSync(join(refs, 'boucle-a'), 'ref: refs/heads/boucle-b\n');
  writeFileSync(join(refs, 'boucle-b'), 'ref: refs/heads/boucle-a\n');
  writeFileSync(join(refs, 'abime'), 'pas un identifiant\n');
  writeFileSync(join(refs, 'vide'), '');
  for (const name of ['boucle-a', 'abime', 'vide', 'absente', 'main/sous-branche']) {
    await assert.rejects(repository.resolve(name), GitError, name);
  }
  await assertFollows();
});
