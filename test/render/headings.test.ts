import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { parsePage, renderPage } from '../../src/render/markdown.js';
import { headingSlug, sourcehutSlug } from '../../src/render/slug.js';
import { buildToc } from '../../src/render/toc.js';

function render(markdown: string) {
  const parsed = parsePage(markdown);
  const { document } = parseHTML(`<div id="root">${renderPage(parsed, {})}</div>`);
  return { parsed, document };
}

test('heading ids keep accents, drop punctuation, and are unique in the page', () => {
  assert.equal(headingSlug('Références & liens'), 'références--liens');
  assert.equal(headingSlug('Présentation'), 'présentation');
  assert.equal(headingSlug("L'État, c'est (aussi) nous !"), 'létat-cest-aussi-nous-');
  const { document } = render('# Présentation\n\n# Présentation\n\n# Présentation\n');
  const ids = [...document.querySelectorAll('h2')].map((h) => h.id);
  assert.deepEqual(ids, ['présentation', 'présentation-1', 'présentation-2']);
});

test('man.sr.ht ids are kept as alias anchors so old links land', () => {
  assert.equal(sourcehutSlug('Autorisation par défaut de contribuer à des projets'), 'autorisation-par-dfaut-de-contribuer--des-projets');
  const { document, parsed } = render('## Autorisation par défaut de contribuer à des projets sous licence FSF ou OSI\n');
  const alias = document.getElementById('autorisation-par-dfaut-de-contribuer--des-projets-sous-licence-fsf-ou-osi');
  assert.ok(alias, 'alias anchor present');
  assert.equal(alias.closest('h3')?.id, 'autorisation-par-défaut-de-contribuer-à-des-projets-sous-licence-fsf-ou-osi');
  assert.ok(parsed.anchors.has('autorisation-par-dfaut-de-contribuer--des-projets-sous-licence-fsf-ou-osi'));
});

test('no two elements share an id, aliases included', () => {
  const { document } = render('# Présentation\n\n# Présentation\n\n# prsentation\n');
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, ids.join(' '));
});

test('headings move one level down under the page title, with a focusable link to themselves', () => {
  const { document } = render('# Un\n\n## Deux\n\n###### Six\n');
  assert.equal(document.querySelectorAll('h1').length, 0);
  assert.equal(document.querySelector('h2')?.id, 'un');
  assert.equal(document.querySelector('h3')?.id, 'deux');
  assert.equal(document.querySelectorAll('h6').length, 1, '###### stays h6');
  const anchor = document.querySelector('h2 a.heading-anchor');
  assert.equal(anchor?.getAttribute('href'), '#un');
  assert.match(anchor?.getAttribute('aria-label') ?? '', /Un/);
});

test('the table of contents nests by level and uses the heading ids', () => {
  const { parsed } = render('# A\n\n## A1\n\n### A1a\n\n## A2\n\n# B\n\n### B-deep\n');
  const toc = buildToc(parsed.headings);
  assert.deepEqual(
    toc.map((e) => [e.id, e.children.map((c) => [c.id, c.children.map((d) => d.id)])]),
    [
      ['a', [['a1', ['a1a']], ['a2', []]]],
      ['b', [['b-deep', []]]],
    ],
  );
});

test('raw <a id> anchors and footnotes count as anchors', () => {
  const { parsed } = render('<a id="ancre-brute"></a>\n\nTexte[^n].\n\n[^n]: note\n');
  assert.ok(parsed.anchors.has('ancre-brute'));
  assert.ok(parsed.anchors.has('fn1'));
});

test('fenced code is highlighted at render time; GFM tables, strikethrough, task lists and autolinks render', () => {
  const { document } = render('```js\nconst a = 1;\n```\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~barré~~\n\n- [x] fait\n- [ ] à faire\n\nhttps://code.gouv.fr\n');
  assert.ok(document.querySelector('pre code.hljs.language-js span.hljs-keyword'));
  assert.equal(document.querySelectorAll('table td').length, 2);
  assert.equal(document.querySelector('s')?.textContent, 'barré');
  const boxes = [...document.querySelectorAll('input[type=checkbox]')];
  assert.equal(boxes.length, 2);
  assert.ok(boxes.every((b) => b.hasAttribute('disabled')));
  assert.equal(document.querySelector('a[href="https://code.gouv.fr"]')?.getAttribute('rel'), 'noopener');
});
