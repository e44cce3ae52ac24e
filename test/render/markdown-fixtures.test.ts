// The Markdown cases of fixtures/markdown.txt: each rendered as a page body, compared line for line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePage, renderPage } from '../../src/render/markdown.js';
import { readFixtures } from '../helpers/fixtures.js';

for (const fixture of readFixtures(new URL('./fixtures/markdown.txt', import.meta.url))) {
  test(`markdown: ${fixture.title} (markdown.txt:${fixture.line})`, () => {
    const html = renderPage(parsePage(`${fixture.input}\n`), {});
    assert.equal(html.replace(/\n+$/, ''), fixture.expected);
  });
}
