/**
 * Wiki settings travel with the content: a commit that changes `.feuillet.yml` changes what the running
 * `feuillet serve` shows on its next request (title, language, theme, accessibility status, licence, the
 * review desk's list address), and a broken settings file in a new commit leaves the server answering.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { makeRepo } from '../helpers/repo.js';
import { startServe } from '../cli/serve-process.js';

async function page(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const { document } = parseHTML(await response.text());
  return { status: response.status, document };
}

test('feuillet serve takes the settings of each new commit without a restart', async () => {
  const repo = makeRepo({ '.feuillet.yml': 'title: Premier titre\n', 'index.md': 'Bienvenue.\n', 'autre.md': '# Autre\n' }, 'reglages');
  const server = await startServe([repo.dir]);
  try {
    const before = await page(`${server.url}/autre`);
    assert.equal(before.document.querySelector('title')?.textContent, 'Autre — Premier titre');
    assert.equal(before.document.documentElement.getAttribute('lang'), 'fr');
    assert.equal((await page(`${server.url}/`)).document.querySelector('title')?.textContent, 'Premier titre');
    assert.match((await (await fetch(`${server.url}/-/review/`)).text()), /reglages@/);

    repo.commit('Réglages', {
      '.feuillet.yml': 'title: Second titre\nlanguage: en\naccessibility: totalement\nlicence: { name: Licence Ouverte 2.0, url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" }\nlist_address: liste@listes.example.org\n',
    });
    const after = await page(`${server.url}/autre`);
    assert.equal(after.document.querySelector('title')?.textContent, 'Autre — Second titre');
    assert.equal(after.document.querySelector('.site-title')?.textContent, 'Second titre');
    assert.equal(after.document.documentElement.getAttribute('lang'), 'en', 'the wiki language is the default interface language');
    const footer = after.document.querySelector('footer')?.textContent ?? '';
    assert.match(footer, /fully compliant|totalement conforme/i);
    assert.match(footer, /Licence Ouverte 2\.0/);
    // The home page without a title of its own is named after the wiki, and follows it too.
    assert.equal((await page(`${server.url}/`)).document.querySelector('title')?.textContent, 'Second titre');
    assert.match((await (await fetch(`${server.url}/-/review/`)).text()), /liste@listes\.example\.org/);
    assert.match((await (await fetch(`${server.url}/-/accessibilite`)).text()), /liste@listes\.example\.org/);

    // A broken file in a later commit: the server keeps answering, each bad setting falls back to its default.
    repo.commit('Réglages cassés', { '.feuillet.yml': 'title: [\nlanguage: klingon\n' });
    const broken = await page(`${server.url}/autre`);
    assert.equal(broken.status, 200);
    assert.equal(broken.document.querySelector('title')?.textContent, 'Autre — reglages');
    assert.equal(broken.document.documentElement.getAttribute('lang'), 'fr');
  } finally {
    await server.stop();
    repo.cleanup();
  }
});

test('the dsfr theme asked for in a new commit is taken at once (or explained when the package is missing)', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'theme');
  const server = await startServe([repo.dir]);
  try {
    const before = await (await fetch(`${server.url}/`)).text();
    repo.commit('Thème', { '.feuillet.yml': 'theme: dsfr\n' });
    const after = await (await fetch(`${server.url}/`)).text();
    assert.notEqual(after, before);
    assert.match(after, /fr-header|dsfr/i);
  } finally {
    await server.stop();
    repo.cleanup();
  }
});

test('the wiki family (format) follows the commits too: [[links]] read once it says gollum, and no longer after', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n\nVoir [[Autre Page]].\n', 'Autre-Page.md': '# Autre\n' }, 'famille');
  const server = await startServe([repo.dir]);
  try {
    const link = async () => (await page(`${server.url}/`)).document.querySelector('main a[href="/Autre-Page"]');
    assert.equal(await link(), null, 'a plain wiki: [[…]] is text');
    repo.commit('Wiki GitHub', { '.feuillet.yml': 'format: gollum\n' });
    assert.equal((await link())?.textContent, 'Autre Page');
    repo.commit('Retour', { '.feuillet.yml': 'format: sourcehut\n' });
    assert.equal(await link(), null);
  } finally {
    await server.stop();
    repo.cleanup();
  }
});
