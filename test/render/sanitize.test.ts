import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { parsePage, renderPage } from '../../src/render/markdown.js';

function render(markdown: string): Document {
  const html = renderPage(parsePage(markdown), {});
  return parseHTML(`<div id="root">${html}</div>`).document as unknown as Document;
}

test('scripts, event handlers and javascript: URLs are removed from raw HTML', () => {
  const doc = render(
    [
      '<script>alert(1)</script>',
      '<img src="x.png" onerror="alert(2)">',
      '<a href="javascript:alert(3)">clic</a>',
      '<a href="JaVaScRiPt&colon;alert(4)">clic</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<style>body{background:url(https://evil.example/x)}</style>',
      '<div style="background:url(https://evil.example/y)">fond</div>',
      '<form action="https://evil.example"><input name="q"></form>',
      '<svg><script>alert(5)</script></svg>',
      '[md link](javascript:alert(6))',
    ].join('\n\n'),
  );
  const html = doc.getElementById('root')?.innerHTML ?? '';
  assert.equal(doc.querySelectorAll('script, iframe, style, form, svg').length, 0, html);
  assert.doesNotMatch(html, /onerror|evil\.example\/[xy]/i);
  const hrefs = [...doc.querySelectorAll('[href], [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '');
  assert.ok(hrefs.every((h) => !/^\s*javascript/i.test(h)), hrefs.join(' '));
  assert.equal(doc.querySelector('img')?.getAttribute('src'), 'x.png');
});

test('safe raw HTML is kept: details, anchors with ids, kbd, alignment', () => {
  const doc = render('<details><summary>Plus</summary>\n\nTexte **gras**\n\n</details>\n\n<a id="ici"></a><kbd>Ctrl</kbd>\n\n<p style="text-align:center">centré</p>');
  assert.equal(doc.querySelector('details summary')?.textContent, 'Plus');
  assert.equal(doc.querySelector('details strong')?.textContent, 'gras');
  assert.ok(doc.getElementById('ici'));
  assert.equal(doc.querySelector('kbd')?.textContent, 'Ctrl');
  assert.equal(doc.querySelector('p[style]')?.getAttribute('style')?.replace(/\s/g, ''), 'text-align:center');
});

test('external links written in raw HTML get rel=noopener', () => {
  const doc = render('<a href="https://example.org" target="_blank">ailleurs</a>');
  const a = doc.querySelector('a');
  assert.equal(a?.getAttribute('rel'), 'noopener');
  assert.equal(a?.getAttribute('target'), null);
});

test('hostile Markdown never throws: deep nesting, huge lines, NUL bytes', () => {
  const inputs = ['>'.repeat(10_000) + ' deep', '['.repeat(50_000), 'a\u0000b', '*'.repeat(100_000), '<'.repeat(20_000) + 'div'];
  for (const input of inputs) assert.equal(typeof renderPage(parsePage(input), {}), 'string');
});

test('boolean attributes survive: checked task boxes, open details', () => {
  const doc = render('<details open><summary>s</summary>x</details>\n\n- [x] fait\n');
  assert.ok(doc.querySelector('details')?.hasAttribute('open'));
  const box = doc.querySelector('input[type=checkbox]');
  assert.ok(box?.hasAttribute('checked') && box.hasAttribute('disabled'));
});
