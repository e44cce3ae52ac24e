import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parsePage } from '../../src/render/markdown.js';
import { checkWiki } from '../../src/wiki/check.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let repo: ReturnType<typeof makeRepo>;
let server: TestServer;

before(async () => {
  repo = makeRepo({
    'Home.md': [
      '# Welcome',
      '',
      '* [Contributing](#how-to-contribute)',
      '',
      'Read [[Installing Oppia (Linux; Python 3)]] or [[the guide|installing-oppia-(linux;-python-3)]].',
      'See [[Troubleshooting#Known issues]], [[Nowhere Yet]] and [[images/logo.png|The logo]].',
      '',
      'Visit [[the site|https://www.oppia.org/search?q=a%20b&lang=fr]], [[write to us|mailto:team@oppia.org]] or [[//cdn.example.org/guide.pdf]].',
      '',
      '## How to contribute',
    ].join('\n'),
    'Installing-Oppia-(Linux;-Python-3).md': 'Steps.\n',
    'guides/Troubleshooting.md': '## Known issues\n',
    "Contributor's-Guide-&-FAQ.md": 'FAQ\n',
    '_Sidebar.md': '* [[Home]]\n* [[Troubleshooting]]\n* [[Oppia on GitHub|https://github.com/oppia/oppia/wiki?tab=readme#top]]\n',
    '_Footer.md': 'Wiki footer text, [[licence|https://creativecommons.org/licenses/by/4.0/]]\n',
    'images/logo.png': PNG,
  }, 'oppia.wiki');
  server = await startServer({ repo: repo.dir });
});

after(async () => {
  await server.close();
  repo.cleanup();
});

test('a GitHub wiki is detected: Home is the home page and titles come from file names', async () => {
  const home = await server.page('/');
  assert.equal(home.response.status, 200);
  assert.equal(home.document.querySelector('h1')?.textContent, 'Home');
  const page = await server.page('/Installing-Oppia-(Linux%3B-Python-3)');
  assert.equal(page.response.status, 200);
  assert.equal(page.document.querySelector('h1')?.textContent, 'Installing Oppia (Linux; Python 3)');
  const faq = await server.page(`/${encodeURIComponent("Contributor's-Guide-&-FAQ")}`);
  assert.equal(faq.document.querySelector('h1')?.textContent, "Contributor's Guide & FAQ");
});

test('[[links]] resolve by page name, case-insensitively, anywhere in the wiki; missing ones are red', async () => {
  const { document } = await server.page('/');
  const link = (text: string) => [...document.querySelectorAll('main .page-body a')].find((a) => a.textContent === text);
  assert.equal(link('Installing Oppia (Linux; Python 3)')?.getAttribute('href'), '/Installing-Oppia-(Linux%3B-Python-3)');
  assert.equal(link('the guide')?.getAttribute('href'), '/Installing-Oppia-(Linux%3B-Python-3)');
  assert.equal(link('Troubleshooting#Known issues')?.getAttribute('href'), '/guides/Troubleshooting#known-issues');
  assert.equal(link('Nowhere Yet')?.getAttribute('class'), 'broken-link');
  assert.equal(link('Nowhere Yet')?.getAttribute('href'), '/Nowhere-Yet');
  // A target that is an address stays one, query, escapes and all (it was a local page, a 404).
  assert.equal(link('the site')?.getAttribute('href'), 'https://www.oppia.org/search?q=a%20b&lang=fr');
  assert.equal(link('write to us')?.getAttribute('href'), 'mailto:team@oppia.org');
  assert.equal(link('//cdn.example.org/guide.pdf')?.getAttribute('href'), '//cdn.example.org/guide.pdf');
  for (const external of ['the site', 'write to us']) assert.notEqual(link(external)?.getAttribute('class'), 'broken-link');
  const image = document.querySelector('main .page-body img');
  assert.equal(image?.getAttribute('src'), '/images/logo.png');
  assert.equal(image?.getAttribute('alt'), 'The logo');
});

test('hand-written tables of contents keep working: heading ids follow GitHub', async () => {
  const { document } = await server.page('/');
  assert.ok(document.getElementById('how-to-contribute'));
});

test('_Sidebar and _Footer render around every page and are not listed as pages', async () => {
  const { document } = await server.page('/guides/Troubleshooting');
  const sidebar = [...document.querySelectorAll('.wiki-sidebar a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(sidebar, ['/', '/guides/Troubleshooting', 'https://github.com/oppia/oppia/wiki?tab=readme#top']);
  assert.match(document.querySelector('.wiki-footer')?.textContent ?? '', /Wiki footer text/);
  assert.equal(document.querySelector('.wiki-footer a')?.getAttribute('href'), 'https://creativecommons.org/licenses/by/4.0/');
  const home = await server.page('/');
  assert.ok(![...home.document.querySelectorAll('a')].some((a) => /_Sidebar|_Footer/.test(a.getAttribute('href') ?? '')));
});

test('check works the same on GitHub wikis', async () => {
  const opened = await openWiki({ repo: repo.dir });
  const problems = await checkWiki(opened.wiki, await opened.wiki.revision());
  opened.source.close();
  assert.deepEqual(problems.map((p) => `${p.path}:${p.line}:${p.kind}:${p.detail}`), ['Home.md:6:broken-link:[[Nowhere Yet]]']);
});

test('a [[link]] to an address of a scheme Gollum refuses stays a page name, never a live link', () => {
  const hrefs = parsePage('[[x|javascript:alert(1)]] [[y|data:text/html,<b>]] [[z|vbscript:x]] [[ok|HTTPS://Example.org/a%2Fb?c=%C3%A9]]', { wikiLinks: true }).links.map((link) => link.href);
  assert.deepEqual(hrefs, ['[[javascript:alert(1)]]', '[[data:text/html,<b>]]', '[[vbscript:x]]', 'HTTPS://Example.org/a%2Fb?c=%C3%A9']);
});
