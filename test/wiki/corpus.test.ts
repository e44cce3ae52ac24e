import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { checkWiki } from '../../src/wiki/check.js';
import { openWiki } from '../../src/wiki/open.js';
import { canonicalUrl } from '../../src/wiki/locate.js';
import { isMarkdown } from '../../src/wiki/path.js';
import { git } from '../helpers/repo.js';
import { SHARED, sharedSkip, startServer, type TestServer } from '../helpers/server.js';

const CORPUS = new URL('corpus/logiciels-libres/', SHARED);
const skip = sharedSkip('corpus', existsSync(CORPUS));
let dir = '';
let server: TestServer | undefined;

before(async () => {
  if (skip) return;
  dir = join(mkdtempSync(join(tmpdir(), 'feuillet-corpus-')), 'logiciels-libres');
  cpSync(fileURLToPath(CORPUS), dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '-m', 'corpus']);
  server = await startServer({ repo: dir });
});

after(async () => {
  await server?.close();
  if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
});

test('every page and file of the real wiki answers 200', { skip }, async () => {
  const opened = await openWiki({ repo: dir });
  const revision = await opened.wiki.revision();
  let pages = 0;
  for (const file of revision.files.values()) {
    const url = canonicalUrl(revision, file);
    const response = await server!.get(url);
    assert.equal(response.status, 200, url);
    await response.arrayBuffer();
    if (isMarkdown(file.path)) pages++;
  }
  opened.source.close();
  assert.ok(pages >= 40, `pages: ${pages}`);
});

test('check lists the broken links of the real wiki', { skip }, async () => {
  const opened = await openWiki({ repo: dir });
  const problems = await checkWiki(opened.wiki, await opened.wiki.revision());
  opened.source.close();
  const broken = problems.filter((p) => p.kind === 'broken-link' || p.kind === 'broken-anchor');
  // Known in the corpus: links to files that were never committed (sill.md, LICENSE.pdf…) and an anchor
  // that does not exist in ouverture.en.md.
  assert.ok(broken.some((p) => p.detail === 'sill.md' && p.path === 'glossary.fr.md'));
  assert.ok(broken.some((p) => p.kind === 'broken-anchor' && p.detail === 'ouverture.en.md#assign-contributions-to-individuals'));
  // Links written for man.sr.ht (/~codegouvfr/logiciels-libres/pocos/…) are recognised, with their target.
  const guessed = problems.filter((p) => p.kind === 'guessed-link');
  assert.ok(guessed.some((p) => p.note === 'old-url' && p.suggestion?.startsWith('/archives/pocos/ouverture#autorisation-par-dfaut')));
  assert.ok(guessed.some((p) => p.note === 'moved' && p.suggestion === '/archives/pocos/gouvernance'));
  console.log(`corpus: ${problems.length} problems, ${broken.length} broken links or anchors`);
});
