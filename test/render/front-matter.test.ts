import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { simpleMapping, splitFrontMatter } from '../../src/render/front-matter.js';

test('front matter is read with a UTF-8 BOM and CRLF line ends', () => {
  const page = splitFrontMatter('\uFEFF---\r\ntitle: Présentation\r\ntoc: false\r\n---\r\n# Titre\r\n');
  assert.equal(page.frontMatter.title, 'Présentation');
  assert.equal(page.frontMatter.toc, false);
  assert.deepEqual(page.problems, []);
  assert.match(page.body, /^# Titre/);
  assert.equal(page.bodyLineOffset, 4);
});

test('description and lang are read; a bad lang is a problem, not a failure', () => {
  const ok = splitFrontMatter('---\ndescription: Une page\nlang: en\n---\ntext');
  assert.equal(ok.frontMatter.description, 'Une page');
  assert.equal(ok.frontMatter.lang, 'en');
  const bad = splitFrontMatter('---\nlang: "<script>"\n---\ntext');
  assert.equal(bad.frontMatter.lang, undefined);
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0]?.line, 2);
});

test('invalid YAML leaves the page renderable and says where', () => {
  const page = splitFrontMatter('---\ntitle: [unclosed\n---\nCorps de la page');
  assert.deepEqual(page.frontMatter.data, {});
  assert.equal(page.problems.length, 1);
  assert.match(page.problems[0]?.message ?? '', /YAML/);
  assert.equal(page.body, 'Corps de la page');
});

test('front matter that is not a mapping is reported', () => {
  for (const yaml of ['- a\n- b', '"just a string"', '42']) {
    const page = splitFrontMatter(`---\n${yaml}\n---\nx`);
    assert.equal(page.problems.length, 1, yaml);
    assert.match(page.problems[0]?.message ?? '', /mapping/);
  }
});

test('a billion-laughs front matter is refused quickly instead of expanded', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
  }
  const page = splitFrontMatter(`---\n${lines.join('\n')}\n---\nbody`);
  assert.deepEqual(page.frontMatter.data, {});
  assert.equal(page.problems.length, 1);
  assert.equal(page.body, 'body');
});

test('a first line --- without a closing line is Markdown, not front matter', () => {
  const page = splitFrontMatter('---\nno closing line here\n');
  assert.deepEqual(page.frontMatter.data, {});
  assert.deepEqual(page.problems, []);
  assert.equal(page.body, '---\nno closing line here\n');
});

test('wrong types for title and toc are reported with their line', () => {
  const page = splitFrontMatter('---\ntoc: "oui"\ntitle: [a, b]\n---\n');
  assert.deepEqual(page.problems.map((p) => p.line).sort(), [2, 3]);
  assert.equal(page.frontMatter.title, undefined);
});

test('deeply nested or huge front matter is refused before the YAML parser sees it', () => {
  const deep = splitFrontMatter(`---\ntitle: ${'['.repeat(200_000)}\n---\nbody`);
  assert.equal(deep.problems.length, 1);
  assert.equal(deep.body, 'body');
  const huge = splitFrontMatter(`---\ndescription: "${'x'.repeat(100_000)}"\n---\nbody`);
  assert.equal(huge.problems.length, 1);
  assert.equal(huge.frontMatter.description, undefined);
});

test('the quick reading of simple front matter gives what the YAML parser gives, and leaves it everything else', () => {
  const samples = [
    'title: Politique de contribution\ntoc: true',
    'title: "Guillemets"\r\ntoc: false\r\n',
    "title: 'Apostrophes'",
    'title: "Échappé \\"ici\\""',
    "title: 'l''apostrophe'",
    'title: 2024',
    'title: 1e3',
    'title: .5',
    'title: [liste]',
    'title: {a: 1}',
    'title: a: b',
    'title: a:b',
    'title: fin:',
    'title: Un\ntitle: Deux',
    'title: &x Ancre\nautre: *x',
    'title:\n  Plié',
    'title: Commentaire # ici',
    'title: Commentaire\t# ici',
    '# un commentaire\ntitle: x',
    'title: yes',
    'title: True',
    'toc: TRUE',
    'title: null',
    'title: ~',
    'title: !!str 12',
    'title: |\n  bloc',
    'title: >\n  plié',
    'title: "   espaces   "',
    'title: x\u0000y',
    'title: x\ry',
    'title: x\u2028y',
    'title: % pour cent',
    'title: @arobase',
    'title: `accent`',
    '__proto__: pollué',
    'constructor: x\ntoString: y',
    'title: « Les données » – été 2024 (version 2)',
    'tab:\tvaleur',
    '  title: indenté',
    'title-2: tiret\nclé_3: souligné',
  ];
  for (const yaml of samples) {
    const quick = simpleMapping(yaml);
    if (quick === undefined) continue;
    const doc = parseDocument(yaml, { uniqueKeys: true });
    assert.deepEqual(doc.errors, [], JSON.stringify(yaml));
    assert.deepEqual(quick, { ...(doc.toJS() as object) }, JSON.stringify(yaml));
  }
  // Most of the samples are not simple: the quick reading must decline them, not guess.
  assert.equal(samples.filter((yaml) => simpleMapping(yaml) !== undefined).length, 8);
});
