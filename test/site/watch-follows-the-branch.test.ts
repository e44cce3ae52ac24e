import assert from 'node:assert/strict';
import { test } from 'node:test';
import { watchBranch } from '../../src/site/watch.js';
import { makeRepo } from '../helpers/repo.js';

test('--watch hears each new commit of the branch, once', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  const seen: string[] = [];
  let heard: (commit: string) => void = () => undefined;
  const stop = await watchBranch(repo.dir, 'main', async (commit) => {
    seen.push(commit);
    heard(commit);
  }, 20);
  try {
    const next = () => new Promise<string>((resolve) => (heard = resolve));
    let waiting = next();
    const first = repo.commit('deux', { 'deux.md': '# Deux\n' });
    assert.equal(await waiting, first);
    waiting = next();
    const second = repo.commit('trois', { 'trois.md': '# Trois\n' });
    assert.equal(await waiting, second);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(seen, [first, second]);
  } finally {
    stop();
    repo.cleanup();
  }
});
