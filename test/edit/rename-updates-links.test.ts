// Renaming a page rewrites the links that lead to it, and only those: real Markdown links, images,
// reference definitions and wiki links, in the author's style; never a link in code, never another page's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkSpans } from '../../src/edit/link-spans.js';
import { linkUpdatesForMove } from '../../src/edit/move-links.js';
import { applyEdits, rewrittenDestination, rewrittenWikilink } from '../../src/edit/relink.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';

const p = (path: string) => path as WikiPath;

test('link spans are the destinations the renderer sees, with their exact place in the source', () => {
  const source = [
    '---',
    'title: "Liens [x](y.md)"',
    '---',
    '# Titre [h](cible.md)',
    '',
    'Voir [la page](cible.md "titre (entre parenthèses)") et ![image](img.png) et `[code](cible.md)`.',
    '',
    '```',
    '[dans du code](cible.md)',
    '```',
    '',
    '    [indenté](cible.md)',
    '',
    '> cité [x](<a b.md>) puis',
    '> [y](cible.md#ancre) fin',
    '',
    '| a | b |',
    '|---|---|',
    '| [c](cible.md) | [c](cible.md) |',
    '',
    '<!-- [commentaire](cible.md) -->',
    '[ref]: cible.md \'titre\'',
    'Voir [ref] et [écrire (p)](%C3%A9crire.md) et \\[pas un lien](cible.md).',
  ].join('\r\n');
  const spans = linkSpans(source, { wikiLinks: false });
  for (const span of spans) assert.equal(source.slice(span.start, span.end), span.written);
  assert.deepEqual(
    spans.map((s) => [s.kind, s.written]),
    [
      ['link', 'cible.md'],
      ['link', 'cible.md'],
      ['image', 'img.png'],
      ['link', '<a b.md>'],
      ['link', 'cible.md#ancre'],
      ['link', 'cible.md'],
      ['link', 'cible.md'],
      ['definition', 'cible.md'],
      ['link', '%C3%A9crire.md'],
    ],
  );
  // The two identical table cells are two places, not one twice.
  assert.notEqual(spans[5]?.start, spans[6]?.start);
  assert.equal(spans.find((s) => s.written === '<a b.md>')?.href, 'a%20b.md');
});

test('wiki links are spans only in wikis that read them', () => {
  const source = 'Voir [[Page Name]], [[Texte|Autre-Page#sec]], [[site|https://example.org/a b]] et [[images/x.png|alt]].\n';
  assert.deepEqual(linkSpans(source, { wikiLinks: false }), []);
  assert.deepEqual(
    linkSpans(source, { wikiLinks: true }).map((s) => [s.written, s.href]),
    [
      ['Page Name', '[[Page Name]]'],
      ['Autre-Page#sec', '[[Autre-Page#sec]]'],
      ['https://example.org/a b', 'https://example.org/a%20b'],
    ],
  );
});

test('hostile sources never throw and never give a span that is not its text', () => {
  const sources = [
    '',
    '[',
    '[a](',
    '[a](<b',
    '\0[a](b.md)\0',
    '[a]('.repeat(5000),
    '[x]: ',
    '\t[a](b.md)\n\t\t[c](d.md)',
    '- > 1. [a](b.md)\n  >    [c](\n  d.md)',
    '[a\n> b](c.md)',
    `${'> '.repeat(200)}[deep](x.md)`,
    '[a](b.md "unterminated\n\ntitle")',
    '\uFEFF---\ntitle: x\n---\n[a](b.md)',
  ];
  for (const source of sources) {
    for (const span of linkSpans(source, { wikiLinks: true })) assert.equal(source.slice(span.start, span.end), span.written, JSON.stringify(source.slice(0, 40)));
  }
});

test('a rewritten destination keeps the author’s style', () => {
  const to = { path: p('guide/nouveau nom.md'), folderIndex: false };
  const toPlain = { path: p('guide/écrire.md'), folderIndex: false };
  assert.equal(rewrittenDestination('ancien.md', toPlain, p('guide/index.md')), 'écrire.md');
  assert.equal(rewrittenDestination('ancien', toPlain, p('guide/index.md')), 'écrire');
  assert.equal(rewrittenDestination('../ancien.md#partie', toPlain, p('autre/page.md')), '../guide/écrire.md#partie');
  assert.equal(rewrittenDestination('./ancien.md?x=1#y', toPlain, p('guide/page.md')), './écrire.md?x=1#y');
  assert.equal(rewrittenDestination('/ancien.md', toPlain, p('autre/page.md')), '/guide/écrire.md');
  assert.equal(rewrittenDestination('/ancien', toPlain, p('autre/page.md')), '/guide/écrire');
  assert.equal(rewrittenDestination('%C3%A0-ancien.md', toPlain, p('page.md')), 'guide/%C3%A9crire.md');
  assert.equal(rewrittenDestination('ancien.md', to, p('page.md')), '<guide/nouveau nom.md>');
  assert.equal(rewrittenDestination('<ancien.md>', toPlain, p('page.md')), '<guide/écrire.md>');
  assert.equal(rewrittenDestination('ancien.md', { path: p('a(b.md'), folderIndex: false }, p('page.md')), '<a(b.md>');
  assert.equal(rewrittenDestination('guide/', { path: p('nouveau/index.md'), folderIndex: true }, p('page.md')), 'nouveau/');
  assert.equal(rewrittenDestination('/~owner/wiki/ancien', toPlain, p('page.md')), '/~owner/wiki/guide/écrire');
  assert.equal(rewrittenDestination('https://old.example/wiki/ancien', toPlain, p('page.md'), ['https://old.example/wiki/']), 'https://old.example/wiki/guide/écrire');
  assert.equal(rewrittenDestination('https://elsewhere.example/ancien', toPlain, p('page.md'), ['https://old.example/wiki/']), undefined);
  assert.equal(rewrittenWikilink('Old Name#part', p('dir/New-Name.md')), 'New Name#part');
  assert.equal(rewrittenWikilink('Old-Name', p('New-Name.md')), 'New-Name');
  assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 1, text: 'AA' }]), 'AAbcdEf');
});

async function wikiOf(t: { after: (fn: () => void) => void }, files: Record<string, string>, settings = '') {
  const repo = makeRepo({ ...files, ...(settings ? { '.feuillet.yml': settings } : {}) });
  const opened = await openWiki({ repo: repo.dir });
  t.after(() => {
    opened.source.close();
    repo.cleanup();
  });
  return opened.wiki;
}

test('moving a page rewrites the links to it in other pages and its own relative links', async (t) => {
  const wiki = await wikiOf(t, {
    'index.md': [
      '# Accueil',
      '',
      'Voir [le guide](guide/écrire.md#titres), [sans extension](guide/écrire), [ref][g] et [autre](autre.md).',
      '',
      '`[code](guide/écrire.md)`',
      '',
      '```md',
      '[bloc](guide/écrire.md)',
      '```',
      '',
      '[g]: guide/écrire.md "Le guide (complet)"',
      '',
    ].join('\n'),
    'autre.md': '# Autre\n\n[Écrire](guide/%C3%A9crire.md) et <a href="guide/écrire.md">html</a>\n',
    'guide/écrire.md': '# Écrire\n\n[Accueil](../index.md), [moi](écrire.md#titres), [image](../img.png) et [absolu](/autre.md).\n\n## Titres\n',
    'img.png': 'png',
  });
  const revision = await wiki.revision();
  const updates = await linkUpdatesForMove(wiki, revision, { from: p('guide/écrire.md'), to: p('rédaction/écrire-une-page.md') });
  const byPath = new Map(updates.pages.map((u) => [u.path, u]));
  assert.deepEqual([...byPath.keys()].sort(), ['autre.md', 'index.md', 'rédaction/écrire-une-page.md']);
  assert.equal(
    byPath.get(p('index.md'))?.content,
    [
      '# Accueil',
      '',
      'Voir [le guide](rédaction/écrire-une-page.md#titres), [sans extension](rédaction/écrire-une-page), [ref][g] et [autre](autre.md).',
      '',
      '`[code](guide/écrire.md)`',
      '',
      '```md',
      '[bloc](guide/écrire.md)',
      '```',
      '',
      '[g]: rédaction/écrire-une-page.md "Le guide (complet)"',
      '',
    ].join('\n'),
  );
  assert.equal(byPath.get(p('autre.md'))?.content, '# Autre\n\n[Écrire](r%C3%A9daction/%C3%A9crire-une-page.md) et <a href="guide/écrire.md">html</a>\n');
  // The raw HTML link is not rewritten, and said to be left.
  assert.deepEqual(updates.leftOver, [{ path: 'autre.md', count: 1 }]);
  assert.equal(byPath.get(p('rédaction/écrire-une-page.md'))?.content, '# Écrire\n\n[Accueil](../index.md), [moi](écrire-une-page.md#titres), [image](../img.png) et [absolu](/autre.md).\n\n## Titres\n');
});

test('moving a page up a folder rebases its own links; links to other pages with the same name stay', async (t) => {
  const wiki = await wikiOf(t, {
    'a/notes.md': '# Notes A\n\n[voisine](voisine.md) [B](../b/notes.md)\n',
    'a/voisine.md': '# Voisine\n\n[notes](notes.md)\n',
    'b/notes.md': '# Notes B\n\n[A](../a/notes.md) [moi](notes.md)\n',
  });
  const updates = await linkUpdatesForMove(wiki, await wiki.revision(), { from: p('a/notes.md'), to: p('notes-a.md') });
  const byPath = new Map(updates.pages.map((u) => [u.path, u.content]));
  assert.equal(byPath.get(p('notes-a.md')), '# Notes A\n\n[voisine](a/voisine.md) [B](b/notes.md)\n');
  assert.equal(byPath.get(p('a/voisine.md')), '# Voisine\n\n[notes](../notes-a.md)\n');
  assert.equal(byPath.get(p('b/notes.md')), '# Notes B\n\n[A](../notes-a.md) [moi](notes.md)\n');
  assert.deepEqual(updates.leftOver, []);
});

test('in a GitHub-style wiki, [[wiki links]] to the page follow it', async (t) => {
  const wiki = await wikiOf(t, {
    'Home.md': 'Voir [[Old Page]], [[le texte|Old-Page#install]] et [[Other]].\n\n`[[Old Page]]` [[Old Page, ailleurs|https://example.org/Old-Page]]\n',
    'Old-Page.md': '# Old\n\n## Install\n',
    'Other.md': 'x\n',
  }, 'format: gollum\n');
  const updates = await linkUpdatesForMove(wiki, await wiki.revision(), { from: p('Old-Page.md'), to: p('New-Page.md') });
  // An address stays as written, even when its words name the page.
  assert.equal(updates.pages.find((u) => u.path === 'Home.md')?.content, 'Voir [[New Page]], [[le texte|New-Page#install]] et [[Other]].\n\n`[[Old Page]]` [[Old Page, ailleurs|https://example.org/Old-Page]]\n');
});
