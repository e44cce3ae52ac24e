/**
 * An SVG with a script that came by push or mail (uploads refuse it) is not copied into the static site,
 * where any web server would serve it as a document of the wiki's origin: it is reported instead. Made
 * harmless by a later commit, it is published; a harmless one made active is taken out of the site.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { build } from './static-site.js';

const SAFE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#000091"/></svg>\n';
const SCRIPTED = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>\n';
const HANDLER = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>\n';

test('an SVG carrying a script is reported and not published; published once harmless, withdrawn once active', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n\n![logo](images/logo.svg) ![carte](images/carte.svg)\n', 'images/logo.svg': SAFE, 'images/carte.svg': SCRIPTED });
  const out = mkdtempSync(join(tmpdir(), 'feuillet-svg-'));
  t.after(() => {
    repo.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  const site = join(out, 'site');
  const published = (path: string) => existsSync(join(site, path));

  const first = await build(repo.dir, site);
  assert.deepEqual(first.problems.filter((p) => p.kind === 'active-svg').map((p) => p.path), ['images/carte.svg']);
  assert.equal(readFileSync(join(site, 'images/logo.svg'), 'utf8'), SAFE);
  assert.equal(published('images/carte.svg'), false);
  assert.doesNotMatch(readFileSync(join(site, 'index.html'), 'utf8'), /<script>alert/);

  repo.commit('Carte sans script, logo avec', { 'images/carte.svg': SAFE, 'images/logo.svg': HANDLER });
  const second = await build(repo.dir, site);
  assert.deepEqual(second.problems.filter((p) => p.kind === 'active-svg').map((p) => p.path), ['images/logo.svg']);
  assert.equal(readFileSync(join(site, 'images/carte.svg'), 'utf8'), SAFE);
  assert.equal(published('images/logo.svg'), false);
});
