import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import type { BuildReport } from '../../src/site/build.js';
import { git } from '../helpers/repo.js';
import { SHARED, sharedSkip, startServer } from '../helpers/server.js';
import { build, crawl, HISTORY_LINK, serveFolder, treeOf } from './static-site.js';

const CORPUS = new URL('corpus/logiciels-libres/', SHARED);
const skip = sharedSkip('corpus', existsSync(CORPUS));
let scratch = '';
let dir = '';
let out = '';
let report: BuildReport;

before(async () => {
  if (skip) return;
  scratch = mkdtempSync(join(tmpdir(), 'feuillet-corpus-site-'));
  dir = join(scratch, 'logiciels-libres');
  cpSync(fileURLToPath(CORPUS), dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '-m', 'corpus']);
  out = join(scratch, 'site');
  report = await build(dir, out, { threads: 2 });
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the real wiki builds completely, through render threads', { skip }, () => {
  assert.ok(report.pages >= 40, `pages: ${report.pages}`);
  assert.ok(report.attachments >= 30, `attachments: ${report.attachments}`);
  const files = treeOf(out);
  assert.ok(files.has('index.html') && files.has('404.html') && files.has('-/assets/feuillet.css'));
  // The wiki's own broken links are reported, as `check` reports them.
  assert.ok(report.problems.some((p) => p.path === 'glossary.fr.md' && p.detail === 'sill.md'));
});

test('every page of the real wiki is the document the server answers (but for the link to its history)', { skip }, async () => {
  const server = await startServer({ repo: dir });
  try {
    for (const path of treeOf(out).keys()) {
      if (!path.endsWith('/index.html') || path.startsWith('-/') || path.includes('.md/')) continue;
      const url = `/${path.slice(0, -'index.html'.length).split('/').map(encodeURIComponent).join('/')}`;
      const candidates = [url, url.replace(/\/$/, '')];
      const served = [];
      for (const candidate of candidates) {
        const response = await server.get(candidate, { 'accept-language': 'fr' });
        served.push(response.status === 200 ? (await response.text()).replace(HISTORY_LINK, '') : (await response.arrayBuffer(), ''));
      }
      assert.ok(served.includes(readFileSync(join(out, path), 'utf8')), path);
    }
  } finally {
    await server.close();
  }
});

test('served by a plain static file server, the real wiki has no broken internal link', { skip }, async () => {
  const site = await serveFolder(out);
  try {
    const { visited, broken } = await crawl(site.url);
    assert.deepEqual(broken, []);
    assert.ok(visited > 80, `visited ${visited}`);
  } finally {
    await site.close();
  }
});
