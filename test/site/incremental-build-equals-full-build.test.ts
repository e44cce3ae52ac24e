import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { git, makeRepo } from '../helpers/repo.js';
import { build, treeOf } from './static-site.js';

function wiki(): Record<string, string> {
  const files: Record<string, string> = {
    'index.md': '---\ntitle: Accueil\n---\n\nVoir [a](a/index.md), [b](b/), [la page 1](a/p1.md#section-1).\n',
    'a/index.md': '---\ntitle: Rubrique A\n---\n\nLes pages de A.\n',
    'b/fichier.txt': 'un fichier\n',
  };
  for (let i = 1; i <= 30; i++) {
    files[`a/p${i}.md`] = `---\ntitle: Page ${i}\n---\n\n## Section ${i}\n\nVers [la suivante](p${i + 1}.md#section-${i + 1}) et [b](../b/p${i}.md).\n`;
    files[`b/p${i}.md`] = `# B ${i}\n\nRetour [à A](../a/p${i}.md).\n`;
  }
  return files;
}

let repo: ReturnType<typeof makeRepo>;
let scratch = '';
let site = '';

before(async () => {
  repo = makeRepo(wiki());
  scratch = mkdtempSync(join(tmpdir(), 'feuillet-incremental-'));
  site = join(scratch, 'site');
  await build(repo.dir, site);
});

after(() => {
  repo.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

let fresh = 0;
/** The tree a full build of the current commit makes in a new folder; the manifest included. */
async function fullTree(): Promise<Map<string, string>> {
  const dir = join(scratch, `full-${++fresh}`);
  await build(repo.dir, dir);
  return treeOf(dir);
}

async function assertIncrementalEqualsFull(what: string): Promise<number> {
  const report = await build(repo.dir, site);
  assert.equal(report.unchanged, false, what);
  assert.deepEqual(treeOf(site), await fullTree(), what);
  return report.rendered;
}

test('a build of an unchanged repository writes nothing', async () => {
  const before = new Map([...treeOf(site).keys()].map((p) => [p, statSync(join(site, p)).mtimeMs]));
  const report = await build(repo.dir, site);
  assert.equal(report.unchanged, true);
  assert.equal(report.written, 0);
  for (const [path, mtime] of before) assert.equal(statSync(join(site, path)).mtimeMs, mtime, path);
});

test('after an edit, only the pages that show the change are rendered, and the tree is the full build', async () => {
  repo.commit('edit', { 'b/p7.md': '# B 7\n\nUn autre texte.\n' });
  const rendered = await assertIncrementalEqualsFull('edit');
  assert.ok(rendered >= 1 && rendered < 10, `rendered ${rendered}`);
});

test('an edit rewrites only the search shards of the words the page had or has, and the index is the full build’s', async () => {
  const shards = () => new Map(readdirSync(join(site, '-/search')).filter((f) => f.startsWith('terms-')).map((f) => [f, statSync(join(site, '-/search', f)).mtimeMs]));
  const before = shards();
  repo.commit('edit words', { 'b/p8.md': '# B 8\n\nZythum quokka.\n' });
  await assertIncrementalEqualsFull('edit words');
  const after = shards();
  const rewritten = [...after].filter(([name, mtime]) => before.get(name) !== mtime).map(([name]) => name).sort();
  assert.ok(rewritten.includes('terms-zy.json') && rewritten.includes('terms-qu.json'), rewritten.join(' '));
  assert.ok(rewritten.length <= 6 && after.size > 10, `${rewritten.length} of ${after.size} shards rewritten: ${rewritten.join(' ')}`);
});

test('a page that starts or stops linking to another re-renders that one (its backlinks), and the tree is the full build', async () => {
  const backlinks = () => [...parseHTML(readFileSync(join(site, 'b/p21/index.html'), 'utf8')).document.querySelectorAll('section.backlinks a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(backlinks(), ['/a/p21']);
  repo.commit('link', { 'b/p20.md': '# B 20\n\nRetour [à A](../a/p20.md) et [à B 21](p21.md).\n' });
  const rendered = await assertIncrementalEqualsFull('link');
  assert.deepEqual(backlinks(), ['/b/p20', '/a/p21'], 'by title: p20, Page 21');
  assert.ok(rendered >= 2 && rendered < 10, `rendered ${rendered}`);
  repo.commit('unlink', { 'b/p20.md': '# B 20\n\nRetour [à A](../a/p20.md).\n' });
  await assertIncrementalEqualsFull('unlink');
  assert.deepEqual(backlinks(), ['/a/p21']);
});

test('a changed title re-renders its folder neighbours, and the tree is the full build', async () => {
  repo.commit('title', { 'a/p3.md': '---\ntitle: Page trois\n---\n\n## Section 3\n\nTexte.\n' });
  const rendered = await assertIncrementalEqualsFull('title');
  assert.ok(rendered >= 31 && rendered < 40, `rendered ${rendered}`);
});

test('an added page, whose links now resolve, and the tree is the full build', async () => {
  repo.commit('add', { 'a/p31.md': '---\ntitle: Page 31\n---\n\n## Section 31\n' });
  await assertIncrementalEqualsFull('add');
});

test('a deleted page removes its files and breaks links to it, as a full build does', async () => {
  git(repo.dir, ['rm', '--quiet', 'b/p5.md', 'b/fichier.txt']);
  repo.commit('delete');
  await assertIncrementalEqualsFull('delete');
});

test('a renamed page moves, and the tree is the full build', async () => {
  git(repo.dir, ['mv', 'a/p10.md', 'a/page-dix.md']);
  repo.commit('rename');
  await assertIncrementalEqualsFull('rename');
});

test('a new folder without index gets its listing, and the tree is the full build', async () => {
  repo.commit('folder', { 'c/d/note.md': '# Note\n', 'c/image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('latin1') });
  await assertIncrementalEqualsFull('folder');
});

test('a file that becomes a folder (and back) is replaced in place, as a full build has it', async () => {
  repo.commit('file', { 'c/journal': 'un fichier sans extension\n' });
  await assertIncrementalEqualsFull('file');
  git(repo.dir, ['rm', '--quiet', 'c/journal']);
  repo.commit('folder', { 'c/journal/index.md': '# Journal\n' });
  await assertIncrementalEqualsFull('file to folder');
  git(repo.dir, ['rm', '--quiet', '-r', 'c/journal']);
  repo.commit('file again', { 'c/journal': 'de nouveau un fichier\n' });
  await assertIncrementalEqualsFull('folder to file');
});

test('a different base URL rebuilds everything into the same folder', async () => {
  await build(repo.dir, site, { baseUrl: 'https://example.org/w/' });
  const dir = join(scratch, 'with-base');
  await build(repo.dir, dir, { baseUrl: 'https://example.org/w/' });
  assert.deepEqual(treeOf(site), treeOf(dir));
});

test('a work tree edited between builds: the search index forgets the words a page lost, as a full build', async () => {
  const dir = join(scratch, 'worktree');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.md'), '# Accueil\n\nVoir [la note](note.md).\n');
  writeFileSync(join(dir, 'note.md'), '# Note\n\nOrnithorynque et quokka.\n');
  const fromFolder = { wiki: { worktree: dir } };
  const out = join(scratch, 'worktree-site');
  await build('', out, fromFolder);
  // A later modification time makes a new content stamp, whatever the clock's resolution.
  writeFileSync(join(dir, 'note.md'), '# Note\n\nQuokka seulement.\n');
  utimesSync(join(dir, 'note.md'), new Date(), new Date(Date.now() + 5_000));
  await build('', out, fromFolder);
  const full = join(scratch, 'worktree-full');
  await build('', full, fromFolder);
  assert.deepEqual(treeOf(out), treeOf(full));
  const shard = join(out, '-/search/terms-or.json');
  assert.ok(!existsSync(shard) || !readFileSync(shard, 'utf8').includes('ornithorynque'), 'the lost word is gone from the index');
});

test('a change that re-renders many pages but parses few: the threads started for the render get every page’s facts', async () => {
  const files: Record<string, string> = { 'index.md': '---\ntitle: Accueil\n---\n\nLa racine.\n' };
  for (let i = 1; i <= 240; i++) files[`r/p${i}.md`] = `---\ntitle: Titre ${i}\n---\n\nVers [la suivante](p${i + 1}.md).\n`;
  const many = makeRepo(files);
  try {
    const out = join(scratch, 'many');
    await build(many.dir, out);
    // The home page's title shows in every page's breadcrumb: one page parsed, 241 rendered.
    many.commit('title', { 'index.md': '---\ntitle: Page d’accueil\n---\n\nLa racine.\n' });
    const report = await build(many.dir, out);
    assert.ok(report.rendered > 200, `rendered ${report.rendered}`);
    const full = join(scratch, 'many-full');
    await build(many.dir, full);
    assert.deepEqual(treeOf(out), treeOf(full));
  } finally {
    many.cleanup();
  }
});
