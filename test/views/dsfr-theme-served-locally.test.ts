import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { DSFR, dsfrSkip, themedWikiFiles } from '../helpers/themes.js';
import { build } from '../site/static-site.js';

describe('the dsfr theme, served by Feuillet from the installed package', { skip: dsfrSkip() }, () => {
  let repo: ReturnType<typeof makeRepo>;
  let server: TestServer;
  let base: string;
  const out = mkdtempSync(join(tmpdir(), 'feuillet-dsfr-site-'));

  before(async () => {
    assert.ok(DSFR, 'CI installs @gouvfr/dsfr (DSFR_ACCEPT_LICENSE=1 npm install --no-save @gouvfr/dsfr@1.15.3)');
    repo = makeRepo(themedWikiFiles('dsfr'));
    server = await startServer({ repo: repo.dir });
    base = `/-/assets/dsfr/${DSFR.version}/`;
  });

  after(async () => {
    await server?.close();
    repo?.cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  test('every stylesheet, script and picture a page asks for answers, with its type, cached for a year', async () => {
    const { document } = await server.page('/guide/avancé/configuration', { accept: 'text/html' });
    const urls = [...document.querySelectorAll('link[href], script[src], use[href]')]
      .map((e) => (e.getAttribute('href') ?? e.getAttribute('src') ?? '').replace(/#.*$/, ''))
      .filter((u) => u.startsWith('/-/assets/'));
    assert.ok(urls.some((u) => u === `${base}dsfr.min.css`));
    assert.ok(urls.some((u) => u === `${base}dsfr.module.min.js`));
    for (const url of new Set(urls)) {
      const response = await server.get(url);
      assert.equal(response.status, 200, url);
      if (url.startsWith(base)) assert.match(response.headers.get('cache-control') ?? '', /immutable/, url);
      const type = response.headers.get('content-type') ?? '';
      if (url.includes('.css')) assert.match(type, /^text\/css/, url);
      if (url.endsWith('.js') || url.includes('.js?')) assert.match(type, /^text\/javascript/, url);
      if (url.endsWith('.svg')) assert.match(type, /^image\/svg\+xml/, url);
      await response.arrayBuffer();
    }
  });

  test('every icon and font the stylesheets use answers', async () => {
    assert.ok(DSFR);
    const css = readFileSync(join(DSFR.dist, 'dsfr.min.css'), 'utf8');
    const fonts = [...css.matchAll(/url\((fonts\/[^)]+)\)/g)].map((m) => m[1]);
    assert.ok(fonts.length > 0);
    for (const path of [...DSFR.files]) {
      const response = await server.get(base + path);
      assert.equal(response.status, 200, path);
      await response.arrayBuffer();
    }
    assert.ok(fonts.every((f) => DSFR?.files.has(f ?? '')));
  });

  test('nothing else of the package, and no other version, can be read', async () => {
    assert.ok(DSFR);
    for (const path of [
      `${base}README.md`,
      `${base}%2e%2e/package.json`,
      `${base}..%2Fpackage.json`,
      `${base}icons/../../package.json`,
      `${base}dsfr.css`,
      '/-/assets/dsfr/0.0.1/dsfr.min.css',
      `/-/assets/dsfr/${encodeURIComponent('../')}/dsfr.min.css`,
    ]) {
      const response = await server.get(path);
      assert.equal(response.status, 404, path);
      await response.arrayBuffer();
    }
  });

  test('a static build of the wiki holds the same files, and a default-theme build none of them', async () => {
    assert.ok(DSFR);
    await build(repo.dir, join(out, 'dsfr'));
    for (const path of DSFR.files) assert.ok(existsSync(join(out, 'dsfr', base, path)), path);
    const page = readFileSync(join(out, 'dsfr', 'index.html'), 'utf8');
    assert.match(page, new RegExp(`href="${base.replace(/\./g, '\\.')}dsfr\\.min\\.css"`));

    const plain = makeRepo(themedWikiFiles('default'));
    try {
      await build(plain.dir, join(out, 'default'));
      assert.equal(existsSync(join(out, 'default', '-/assets/dsfr')), false);
      assert.ok(existsSync(join(out, 'default', '-/assets/feuillet.css')));
    } finally {
      plain.cleanup();
    }
  });
});
