import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFrontMatter } from '../../src/render/front-matter.js';
import { pageText } from '../../src/search/page-text.js';
import { titleAndBody } from '../../src/search/page-title.js';
import { fold, matchExpression, parseQuery } from '../../src/search/query.js';

test('page text: headings apart, Markdown syntax out of the words readers see', () => {
  const text = pageText(
    [
      '# Titre *principal* ##',
      '## C# et F#',
      '',
      'Un [lien vers la page](autre.md) et une ![image](x.png), un **gras** et du `code`.',
      '',
      'Sous-titre',
      '----------',
      '',
      '| a | b |',
      '|---|---|',
      '| c | d |',
      '',
      '```js',
      'const x = "dans le code";',
      '```',
      '',
      '> - citation <span class="x">balisée</span> &amp; entités',
      '[ref]: https://example.org',
      'Un [lien sur',
      'deux lignes](x.md).',
    ].join('\n'),
  );
  assert.deepEqual(text.headings, ['Titre principal', 'C# et F#', 'Sous-titre']);
  assert.match(text.body, /Un lien vers la page et une image, un gras et du code\./);
  assert.match(text.body, /const x = "dans le code";/);
  assert.match(text.body, /citation {2}balisée {2}& entités/);
  assert.match(text.body, /Un lien sur\ndeux lignes\./);
  assert.doesNotMatch(text.body, /autre\.md|https:\/\/example\.org|---|\*\*/);
});

test('page text: hostile input stays linear and never carries match markers', { timeout: 10_000 }, () => {
  // Runs that make naive link and tag patterns quadratic; the test's time limit is the check.
  const huge = `#${' '.repeat(100_000)}x\n${'[a]('.repeat(50_000)}\n${'<a '.repeat(50_000)}\n${'*_'.repeat(100_000)}\n<!--${'-'.repeat(100_000)}`;
  assert.ok(pageText(huge).body.length > 0);
  assert.equal(pageText('\u0002marqueur\u0003 \u0000').body.includes('\u0002'), false);
  assert.deepEqual(pageText('```\nune clôture jamais fermée'), { headings: [], body: 'une clôture jamais fermée' });
  assert.deepEqual(pageText(''), { headings: [], body: '' });
});

test('front matter titles: the quick reading agrees with the YAML parser', () => {
  const samples = [
    '---\ntitle: Politique de contribution\ntoc: true\n---\nCorps',
    '---\r\ntitle: "Guillemets"\r\n---\r\nCorps',
    "---\ntitle: 'Apostrophes'\n---\n",
    '\uFEFF---\ntitle: Avec BOM\n---\n',
    '---\ntitle: "Échappé \\"ici\\""\n---\n',
    '---\ntitle: 2024\n---\n',
    '---\ntitle: [liste]\n---\n',
    '---\ntitle: a: b\n---\n',
    '---\ntitle: Un\ntitle: Deux\n---\n',
    '---\ntitle: &x Ancre\nautre: *x\n---\n',
    '---\ntitle:\n  Plié\n---\n',
    '---\ndescription: sans titre\n---\n',
    '---\ntitle: jamais fermé\n',
    'Pas d’en-tête',
    '---\ntitle: "   espaces   "\n---\n',
    '---\ntitle: Commentaire # ici\n---\n',
  ];
  for (const source of samples) {
    assert.equal(titleAndBody(source).title, splitFrontMatter(source).frontMatter.title || undefined, JSON.stringify(source));
  }
});

const fts = (input: string) => {
  const query = parseQuery(input);
  return query && matchExpression(query);
};

test('queries: words quoted back, stems as prefixes, little words dropped', () => {
  assert.equal(fts('logiciels libres')?.match, '("logiciel"* AND "libr"*)');
  assert.equal(fts('nationaux')?.match, '(("national"* OR "nationaux"*))');
  assert.equal(fts('"logiciel libre" la')?.match, '("logiciel libre")');
  assert.equal(fts('le')?.match, '("le")', 'a query of little words searches them');
  assert.equal(fts('IA libre')?.match, '("ia" AND "libr"*)', 'words of two letters are matched whole');
  assert.equal(fts('doctrine -cloud')?.match, '("doctrin"*) NOT "cloud"*');
  assert.equal(fts('doctrine -cloud')?.matchInTitles, '{title headings}: ("doctrin"*) NOT "cloud"*');
  assert.equal(parseQuery('   '), undefined);
  assert.equal(parseQuery('"'), undefined);
  assert.equal(parseQuery('-seul'), undefined);
  for (const hostile of ['NEAR(a b)', 'a:b', '{x}', '*^', '"a" "', 'x\u0000y', '\udfff']) {
    const match = fts(hostile)?.match ?? '';
    assert.doesNotMatch(match.replace(/"[^"]*"/g, ''), /[^()*A-Z ]/, `${JSON.stringify(hostile)} → ${match}`);
  }
});

test('queries: a prefix the index lists becomes the OR of its terms; a required word no page has matches nothing', () => {
  const terms: Record<string, string[]> = { logiciel: ['logiciel', 'logiciels'], libr: ['libre'], cloud: [], national: ['national'], nationaux: ['nationaux'] };
  const expand = (prefix: string) => terms[prefix];
  const query = (input: string) => matchExpression(parseQuery(input) ?? assert.fail(input), expand);
  assert.equal(query('logiciels libres')?.match, '(("logiciel" OR "logiciels") AND "libre")');
  assert.equal(query('nationaux')?.match, '(("national" OR "nationaux"))');
  assert.equal(query('libres -cloud')?.match, '("libre")', 'an exclusion no page has excludes nothing');
  assert.equal(query('libres cloud'), undefined);
  assert.equal(query('libres doctrine')?.match, '("libre" AND "doctrin"*)', 'a prefix not listed is left to FTS5');
  assert.equal(query('"logiciel libre"')?.match, '("logiciel libre")', 'phrases are not expanded');
});

test('fold: lower case without any combining mark, for every script, as the definition says', () => {
  const byDefinition = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  const samples = ['École ÉTÉ où ça', 'naïve’s « cœur » — ﬁn', 'Ελληνικά ά', 'Йо́гурт', 'x\u20d0y', 'ǅemal', 'Å\u0301', 'e\u0301\u0327', 'עִבְרִית', 'हिन्दी', '😀é', '\ud800'];
  for (const sample of samples) assert.equal(fold(sample), byDefinition(sample), JSON.stringify(sample));
  // Every code point of the ranges French text and its neighbours use.
  for (let code = 0x80; code < 0x2c00; code++) {
    const char = String.fromCodePoint(code);
    assert.equal(fold(`a${char}`), byDefinition(`a${char}`), code.toString(16));
  }
});
