import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { messagesFor } from '../../src/views/messages.js';
import { makeRepo } from '../helpers/repo.js';
import { build } from './static-site.js';

const BOMB = `---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ntitle: Bombe\n---\n\nTexte après la bombe.\n`;

const FILES: Record<string, string | Buffer> = {
  'index.md': '# Accueil\n\n[binaire](binaire.md) · [latin-1](latin1.md) · [bombe](bombe.md) · [gros](gros.md) · [tronqué](tronque.md)\n',
  'binaire.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  'latin1.md': Buffer.from('# Caf\xe9 cr\xe8me\n\nTexte en Latin-1 : \xe0 bient\xf4t.\n', 'latin1'),
  'bombe.md': BOMB,
  'gros.md': `# Gros\n\n${'Une ligne de texte.\n'.repeat(4000)}`,
  'tronque.md': '---\ntitle: "pas fermé\n---\n\n# Tronqué\n\n```js\nconst x = \n',
};

let repo: ReturnType<typeof makeRepo>;
let out = '';

before(() => {
  repo = makeRepo(FILES);
  out = mkdtempSync(join(tmpdir(), 'feuillet-bad-pages-'));
});

after(() => {
  repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

test('pages that cannot be rendered are built as pages saying why, and reported with their path', async () => {
  const m = messagesFor('fr');
  const report = await build(repo.dir, join(out, 'site'), { wiki: { repo: repo.dir, maxPageBytes: 50_000 } });
  assert.equal(report.pages, 6);
  const page = (name: string) => readFileSync(join(out, 'site', name, 'index.html'), 'utf8');
  assert.ok(page('binaire').includes(m.unrenderableBinary));
  assert.ok(page('gros').includes(m.unrenderableTooLarge));
  assert.match(page('latin1'), /Caf\uFFFD cr\uFFFDme/);
  assert.match(page('bombe'), /Texte après la bombe/);
  assert.match(page('tronque'), /<h1>tronque<\/h1>|Tronqué/);
  const kinds = report.problems.map((p) => `${p.path}:${p.kind}`);
  assert.ok(kinds.includes('binaire.md:unrenderable'));
  assert.ok(kinds.includes('gros.md:unrenderable'));
  assert.ok(kinds.includes('bombe.md:front-matter'));
  assert.ok(kinds.includes('tronque.md:front-matter'));
});

test('--strict exits non-zero when there is a problem, 0 without --strict', async () => {
  const log = console.log;
  const error = console.error;
  const lines: string[] = [];
  console.log = (line: string) => lines.push(line);
  console.error = () => undefined;
  try {
    assert.equal(await main(['build', repo.dir, '--out', join(out, 'strict'), '--strict']), 1);
    assert.equal(await main(['build', repo.dir, '--out', join(out, 'strict')]), 0);
  } finally {
    console.log = log;
    console.error = error;
  }
  assert.ok(lines.some((l) => l.startsWith('binaire.md:1: unrenderable')));
});

test('a folder that Feuillet did not build is never replaced', async () => {
  const foreign = join(out, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'précieux.txt'), 'à garder');
  await assert.rejects(build(repo.dir, foreign), /n'est pas vide|not empty/);
  assert.equal(readFileSync(join(foreign, 'précieux.txt'), 'utf8'), 'à garder');
});

test('a folder index that loses a URL clash still titles its folder, through render threads, as the server does', async () => {
  const clash = makeRepo({
    'index.md': '# Accueil\n\n[Feuilles](feuilles.md)\n',
    'feuilles.md': '# Feuilles, la page\n\nUne page.\n',
    'feuilles/index.md': '---\ntitle: Feuilles de route\n---\n\nL’index du dossier.\n',
    'feuilles/une.md': '# Une feuille\n',
    'feuilles/deux.md': '# Deux feuilles\n',
  });
  try {
    const site = join(out, 'clash');
    const report = await build(clash.dir, site, { threads: 2 });
    assert.deepEqual(report.problems.map((p) => p.kind), ['url-clash']);
    const page = readFileSync(join(site, 'feuilles', 'une', 'index.html'), 'utf8');
    assert.ok(page.includes('Feuilles de route'), 'the folder is titled from its index, as served');
    assert.ok(!page.includes('not sent to this thread'));
  } finally {
    clash.cleanup();
  }
});
