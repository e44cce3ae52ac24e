/**
 * SIGKILL during a first search index (issue 15, fault 1 d). A wiki large enough for its first index to be
 * written by a thread into a new file: killed while pages pour into that file, then after it is complete
 * and before it takes the index's place. At the next start the server answers, search finds every page
 * (the index is made again from git, never trusted half-written), and the killed process's file is gone.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import type { CrashPoint } from '../../src/crash-point.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';
import { serve } from './crash-fixture.js';

/** Above the size whose first index is written by a thread (THREAD_FROM in src/search/site-search.ts). */
const PAGES = 2_400;

function largeWiki(): ReturnType<typeof makeRepo> {
  const files: Record<string, string> = { 'index.md': '# Accueil\n' };
  for (let i = 0; i < PAGES; i++) files[`notes/page-${i}.md`] = `# Note ${i}\n\nLe mot repère${i} n’est que sur cette page.\n`;
  return makeRepo(files);
}

async function dataFolderOf(repo: string): Promise<string> {
  const opened = await openWiki({ repo });
  opened.source.close();
  return opened.dataDir;
}

async function found(url: string, word: string): Promise<boolean> {
  const response = await fetch(`${url}/-/search.json?q=${encodeURIComponent(word)}`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { results: { url: string }[] };
  return body.results.length === 1;
}

for (const crashAt of ['search:first-index-begun', 'search:first-index-written'] satisfies CrashPoint[]) {
  test(`a first search index killed at ${crashAt} is made again whole at the next start`, async (t) => {
    const repo = largeWiki();
    t.after(() => repo.cleanup());
    const data = await dataFolderOf(repo.dir);
    // With its journal, if any.
    const newFiles = (pid: number) => readdirSync(data).filter((name) => name.startsWith('search') && name.includes(`.${pid}-`));

    const doomed = await serve(repo.dir, crashAt);
    assert.equal(await doomed.ended, 'SIGKILL');
    // The kill landed while the new file was being written: it is there, and it is not the index.
    assert.equal(newFiles(doomed.pid).filter((name) => name.endsWith('.new')).length, 1, readdirSync(data).join(', '));

    const server = await serve(repo.dir);
    t.after(() => server.stop());
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    for (const i of [0, PAGES / 2, PAGES - 1]) assert.ok(await found(server.url, `repère${i}`), `page ${i} not found`);
    assert.deepEqual(newFiles(doomed.pid), []);
    assert.deepEqual(readdirSync(data).filter((name) => name.includes('.new')), []);
  });
}
