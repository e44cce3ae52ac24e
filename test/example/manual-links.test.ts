import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import footnote from 'markdown-it-footnote';
import { parseDirective } from '../../src/render/embeds.js';
import { splitFrontMatter } from '../../src/render/front-matter.js';
import { checkWiki } from '../../src/wiki/check.js';
import { openWiki } from '../../src/wiki/open.js';

// The bundled manual, as `npm start` serves it: the first thing a new user reads.
const MANUAL = fileURLToPath(new URL('../../example/', import.meta.url));

/** Every file of the manual, as a path relative to it with `/` separators. */
function walk(dir = ''): string[] {
  return readdirSync(join(MANUAL, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const files = walk().sort();
const pages = files.filter((path) => path.endsWith('.md'));
const read = (path: string) => readFileSync(join(MANUAL, path), 'utf8');

// A plain CommonMark reader with footnotes (links inside notes count too), independent of Feuillet's renderer.
const md = new MarkdownIt({ html: true, linkify: true }).use(footnote);

/** `href` and `src` attributes of raw HTML in a page. */
function htmlTargets(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(_name, attributes) {
      for (const name of ['href', 'src']) if (attributes[name] !== undefined) found.push(attributes[name]);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

/** What a page points at: link and image targets, raw HTML targets, and the paths of `{{agenda}}` / `{{tableau}}` embeds. */
function targetsOf(source: string): string[] {
  const targets: string[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') targets.push(String(token.attrGet('href') ?? ''));
      else if (token.type === 'image') targets.push(String(token.attrGet('src') ?? ''));
      else if (token.type === 'html_block' || token.type === 'html_inline') targets.push(...htmlTargets(token.content));
      if (token.type === 'inline') {
        const directive = /^\{\{([\s\S]*)\}\}$/.exec(token.content.trim());
        const parsed = directive?.[1] === undefined ? undefined : parseDirective(directive[1]);
        if (parsed && 'request' in parsed) targets.push(parsed.request.target);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(splitFrontMatter(source).body, {}));
  return targets;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Why a link written in `page` does not point at a file or folder of the manual, or undefined when it does. */
function brokenReason(page: string, href: string): string | undefined {
  if (EXTERNAL.test(href) || href.startsWith('#')) return undefined;
  const path = decodeURIComponent(href.replace(/[?#].*$/s, '')).normalize('NFC');
  if (path === '') return 'empty link';
  if (path.startsWith('/')) return 'written from the site root; write it relative to the page';
  const target = posix.normalize(posix.join(posix.dirname(page), path));
  if (target === '..' || target.startsWith('../')) return 'leaves the manual';
  return existsSync(join(MANUAL, target)) ? undefined : `no file ${target}`;
}

test('the manual has a home page, real attachments and file names with accents', () => {
  assert.ok(pages.includes('index.md'), 'example/index.md');
  assert.ok(files.includes('docs/aide-memoire.pdf'), 'example/docs/aide-memoire.pdf');
  assert.ok(files.some((path) => path.startsWith('archives/')), 'an archives/ folder');
  const accented = pages.filter((path) => /\P{ASCII}/u.test(path));
  assert.ok(accented.length >= 2, `at least two page names with accents, found ${accented.join(', ')}`);
});

test('every relative link of every page points at a file or folder of the manual', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    for (const href of targetsOf(read(page))) {
      checked++;
      const reason = brokenReason(page, href);
      if (reason) broken.push(`${page}: ${href} (${reason})`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 50, `only ${checked} links found: is the walk reading the pages?`);
});

test('every page has a title, readable front matter, and English pages say so', () => {
  for (const page of pages) {
    const { frontMatter, problems } = splitFrontMatter(read(page));
    assert.deepEqual(problems, [], `${page}: front matter problems`);
    assert.equal(typeof frontMatter.title, 'string', `${page}: title`);
    assert.notEqual(frontMatter.title?.trim(), '', `${page}: empty title`);
    assert.equal(typeof frontMatter.description, 'string', `${page}: description`);
    if (page.startsWith('en/')) assert.equal(frontMatter.lang, 'en', `${page}: lang: en`);
    else assert.equal(frontMatter.lang, undefined, `${page}: French pages take the wiki's language`);
  }
});

test('feuillet check finds nothing to fix in the manual, heading anchors included', async () => {
  const opened = await openWiki({ worktree: MANUAL });
  try {
    const problems = await checkWiki(opened.wiki, await opened.wiki.revision());
    assert.deepEqual(problems.map((p) => `${p.path}:${p.line}: ${p.kind} ${p.detail}`), []);
  } finally {
    opened.source.close();
  }
});

test('the link checker itself tells a broken link from a good one', () => {
  assert.equal(brokenReason('contribuer/index.md', '../deployer/r%C3%A9glages.md#le-fichier-feuilletyml'), undefined);
  assert.equal(brokenReason('index.md', 'docs/'), undefined);
  assert.equal(brokenReason('index.md', 'https://example.org/absent.md'), undefined);
  assert.match(brokenReason('index.md', 'absent.md') ?? '', /no file absent\.md/);
  assert.match(brokenReason('index.md', '../README.md') ?? '', /leaves the manual/);
  assert.match(brokenReason('index.md', '/deployer/index.md') ?? '', /site root/);
  assert.deepEqual(targetsOf('See [a](a.md), ![b](b.png), <a href="c.md">c</a>, `[d](d.md)` and\n\n{{tableau e.csv}}\n'), ['a.md', 'b.png', 'c.md', 'e.csv']);
});
