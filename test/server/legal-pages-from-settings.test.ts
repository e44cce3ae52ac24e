// A wiki may hold its own accessibility statement, legal notice or personal data page (settings
// accessibility_page, legal_notice_page, personal_data_page): the footer links to it, Feuillet's own
// address sends the reader there, on the live server and in the static site alike; a named page that
// does not exist is a settings problem (at start, in check, on /-/health) and Feuillet's page stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';
import { build } from '../site/static-site.js';

const FILES = {
  'index.md': '# Accueil\n\nBienvenue.\n',
  'a-propos/accessibilite.md': '# Déclaration d’accessibilité\n\nCe site est partiellement conforme au RGAA 4.1.\n',
  '.feuillet.yml': 'accessibility: partiellement\naccessibility_page: a-propos/accessibilite.md\nlegal_notice_page: nulle-part.md\n',
};

const footerLinks = (document: Document) => [...document.querySelectorAll('footer a')].map((a) => a.getAttribute('href'));

test('a legal page named in the settings replaces Feuillet’s own, live and static; a missing one is reported', async () => {
  const repo = makeRepo(FILES);
  const out = mkdtempSync(join(tmpdir(), 'feuillet-legal-'));
  const server = await startServer({ repo: repo.dir });
  try {
    const home = await server.page('/');
    const links = footerLinks(home.document);
    assert.ok(links.includes('/a-propos/accessibilite'), `footer: ${links.join(' ')}`);
    assert.ok(!links.includes('/-/accessibilite'));
    assert.ok(links.includes('/-/mentions-legales'), 'a page that does not exist leaves Feuillet’s in place');
    assert.ok(links.includes('/-/donnees-personnelles'));
    const old = await server.get('/-/accessibilite');
    assert.equal(old.status, 302);
    assert.equal(old.headers.get('location'), '/a-propos/accessibilite');
    assert.equal((await server.get('/-/mentions-legales')).status, 200);

    const health = await server.page('/-/health');
    const said = [...health.document.querySelectorAll('.health-settings li')].map((li) => li.textContent ?? '');
    assert.equal(said.length, 1);
    assert.match(said[0]!, /legal_notice_page "nulle-part\.md" n’est pas une page du wiki/);

    const opened = await openWiki({ repo: repo.dir });
    try {
      assert.ok(opened.settingsProblems.some((problem) => /legal_notice_page/.test(problem)), 'said at start and by check');
    } finally {
      await opened.source.close();
    }

    await build(repo.dir, join(out, 'site'));
    const built = readFileSync(join(out, 'site', 'index.html'), 'utf8');
    assert.match(built, /href="\/a-propos\/accessibilite"/);
    assert.match(readFileSync(join(out, 'site', '-', 'accessibilite', 'index.html'), 'utf8'), /http-equiv="refresh" content="0; url=\/a-propos\/accessibilite"/);
    assert.match(readFileSync(join(out, 'site', '-', 'mentions-legales', 'index.html'), 'utf8'), /<h1>/);

    // The settings follow the commits: without the setting, Feuillet's page is back.
    repo.commit('Rend la déclaration à Feuillet', { '.feuillet.yml': 'accessibility: partiellement\n' });
    assert.ok(footerLinks((await server.page('/')).document).includes('/-/accessibilite'));
    assert.equal((await server.get('/-/accessibilite')).status, 200);
  } finally {
    await server.close();
    repo.cleanup();
    rmSync(out, { recursive: true, force: true });
  }
});
