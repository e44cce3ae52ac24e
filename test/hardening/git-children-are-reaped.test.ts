// From the attack report: every `feuillet build` left a defunct `git` child. The command exited while
// its `git cat-file --batch` was still stopping, so the child went to PID 1, which in a container often
// reaps nothing. Closing a repository now resolves only once its git process has exited and been reaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { GitRepository } from '../../src/git/repository.js';
import { makeRepo } from '../helpers/repo.js';

/** Child processes of `parent` whose command is git, by pid (Linux /proc). */
function gitChildrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return /\(git\)/.test(stat) && Number(fields[1]) === parent;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

test('closing a repository waits until its git process has exited and been reaped', { skip: !existsSync('/proc/self/stat') && 'needs Linux /proc' }, async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  try {
    const git = await GitRepository.open(repo.dir);
    const commit = await git.resolve('HEAD');
    const [entry] = await git.listTree(commit, '');
    await git.readBlob(entry!.id);
    const children = gitChildrenOf(process.pid);
    assert.ok(children.length >= 1, 'git cat-file --batch runs');
    await git.close();
    // Reaped: not even a zombie is left in the process table.
    assert.deepEqual(children.filter((pid) => existsSync(`/proc/${pid}`)), []);
    await git.close(); // twice is harmless
  } finally {
    repo.cleanup();
  }
});
