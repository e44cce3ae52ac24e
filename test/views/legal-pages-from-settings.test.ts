/**
 * The legal notice, personal data and accessibility pages are filled from `.feuillet.yml` (publisher,
 * publisher_address, publication_director, hosting_provider, contact, personal_data_contact); what is
 * missing is named by its key, so the publisher knows what to write.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

const SETTINGS = [
  'title: Wiki de test',
  'publisher: Direction <script>alert(1)</script> du numérique',
  'publisher_address: 20 avenue de Ségur, 75007 Paris',
  'publication_director: Camille Dupont',
  'hosting_provider: Hébergeur SAS, 1 rue du Serveur, 59100 Roubaix',
  'contact: contact@example.org',
  'personal_data_contact: dpd@example.org',
  '',
].join('\n');

function definitions(document: Document): Record<string, string> {
  const terms = [...document.querySelectorAll('dl.legal-notice dt')];
  return Object.fromEntries(terms.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
}

test('the legal notice shows what the settings give, escaped, and names no missing key', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', '.feuillet.yml': SETTINGS });
  const server = await startServer({ repo: repo.dir });
  try {
    const { response, document } = await server.page('/-/mentions-legales');
    assert.equal(response.status, 200);
    assert.deepEqual(definitions(document), {
      Éditeur: 'Direction <script>alert(1)</script> du numérique',
      Adresse: '20 avenue de Ségur, 75007 Paris',
      'Direction de la publication': 'Camille Dupont',
      Hébergement: 'Hébergeur SAS, 1 rue du Serveur, 59100 Roubaix',
      Contact: 'contact@example.org',
    });
    assert.equal(document.querySelectorAll('main script').length, 0);
    assert.equal(document.querySelector('.legal-missing'), null);
    assert.doesNotMatch(document.querySelector('main')?.textContent ?? '', /réglages du wiki/);

    const english = await server.page('/-/mentions-legales', { 'accept-language': 'en' });
    assert.equal(definitions(english.document)['Director of publication'], 'Camille Dupont');

    const data = await server.page('/-/donnees-personnelles');
    assert.ok(data.document.querySelector('main a[href="mailto:dpd@example.org"]'), 'the data protection contact');
    const accessibility = await server.page('/-/accessibilite');
    assert.ok(accessibility.document.querySelector('main a[href="mailto:contact@example.org"]'), 'the contact address');
  } finally {
    await server.close();
    repo.cleanup();
  }
});

test('without settings, the legal notice names the keys to fill in and the contact is the list address', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'sans-reglages');
  const server = await startServer({ repo: repo.dir });
  try {
    const { document } = await server.page('/-/mentions-legales');
    const missing = [...document.querySelectorAll('.legal-missing code')].map((code) => code.textContent);
    assert.deepEqual(missing, ['publisher', 'publisher_address', 'publication_director', 'hosting_provider', '.feuillet.yml']);
    assert.deepEqual(definitions(document), { Contact: 'sans-reglages@lists.localhost' });
    const data = await server.page('/-/donnees-personnelles');
    assert.ok(data.document.querySelector('main a[href="mailto:sans-reglages@lists.localhost"]'));
  } finally {
    await server.close();
    repo.cleanup();
  }
});
