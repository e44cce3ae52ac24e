import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { listChanges } from '../../src/review/changes.js';
import { editWorld } from '../edit/edit-fixture.js';
import { PREFIX, run } from '../review/desk-fixture.js';
import { build } from '../site/static-site.js';

/** The stylesheets and scripts a document asks for, as URL paths (the `?v=` version dropped). */
function assetsOf(html: string, base: string): string[] {
  const { document } = parseHTML(html);
  const urls = [...document.querySelectorAll('link[rel="stylesheet"][href], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '');
  return urls.map((url) => new URL(url, base)).filter((url) => url.origin === new URL(base).origin).map((url) => url.pathname);
}

test('every stylesheet and script of every kind of page answers 200, and the static build has them', async (t) => {
  const edit = await editWorld();
  t.after(() => edit.close());
  const { world, server } = edit;
  // A proposed change, for its review page; a commit, for a diff.
  world.contributor.commit('Retouche le guide', { 'guide.md': '---\ntitle: Guide\n---\n\nPremier paragraphe retouché.\n' });
  await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
  const number = (await listChanges(world.db)).changes[0]?.number;
  const head = run(world.repo, ['rev-parse', 'main']).trim();
  const writer = await edit.person('writer');

  const pages: Record<string, string> = {
    home: '/',
    page: '/guide',
    folder: '/docs/',
    search: '/-/search?q=guide',
    history: '/-/history/guide.md',
    diff: `/-/diff/${head}/guide.md`,
    changes: '/-/changes',
    'review list': '/-/review/',
    review: `/-/review/${number}`,
    editor: '/-/edit/guide.md',
    'sign-in': '/-/login',
  };
  const checked = new Set<string>();
  for (const [kind, path] of Object.entries(pages)) {
    // Signed in as a writer (the editor needs one), but for the sign-in page, which sends them away.
    const response = await server.get(path, kind === 'sign-in' ? undefined : writer.cookie);
    assert.equal(response.status, 200, `${kind}: ${path}`);
    const assets = assetsOf(await response.text(), server.url);
    assert.ok(assets.length >= 2, `${kind}: ${assets.join(', ')}`);
    for (const asset of assets) {
      if (checked.has(asset)) continue;
      const answer = await server.get(asset);
      assert.equal(answer.status, 200, `${kind} asks for ${asset}`);
      await answer.arrayBuffer();
      checked.add(asset);
    }
  }
  for (const expected of ['/-/assets/changes.css', '/-/assets/search-suggest.js', '/-/assets/editor.js', '/-/assets/editor.css']) assert.ok(checked.has(expected), expected);

  const out = join(mkdtempSync(join(tmpdir(), 'feuillet-assets-site-')), 'site');
  t.after(() => rmSync(join(out, '..'), { recursive: true, force: true }));
  await build(world.repo, out);
  for (const disk of ['index.html', 'guide/index.html', 'docs/index.html', '-/search/index.html', '404.html', '-/accessibilite/index.html', '-/agenda/index.html']) {
    const assets = assetsOf(readFileSync(join(out, disk), 'utf8'), 'http://site.example/');
    assert.ok(assets.length >= 2, disk);
    for (const asset of assets) assert.ok(existsSync(join(out, decodeURIComponent(asset))), `${disk} asks for ${asset}`);
  }
});
