/**
 * The editor in Chromium: a writer edits with the live preview and Ctrl+S and sees the page changed; two
 * writers change the same paragraph and the second gets the conflict view with their text; a contributor
 * proposes and a maintainer applies from the review page; a save that fails (session gone) keeps the
 * text and a draft that the editor offers back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchBrowser } from '../helpers/browser.js';
import { run } from '../review/desk-fixture.js';
import { editWorld, type EditWorld } from '../edit/edit-fixture.js';
import { signedInPage } from '../edit/signed-in-page.js';
import type { Role } from '../../src/auth/roles.js';

describe('the editor in the browser', { skip: chromiumSkip() }, () => {
  let browser: Browser;
  let w: EditWorld;

  before(async () => {
    [browser, w] = await Promise.all([launchBrowser(), editWorld()]);
  });
  after(async () => {
    await browser?.close();
    await w?.close();
  });

  const signedIn = (t: TestContext, role: Role, email: string, name: string) => signedInPage(t, browser, w, role, email, name);

  const url = (path: string) => new URL(path.slice(1), w.server.url).href;
  const guide = () => run(w.world.repo, ['show', 'main:guide.md']);

  test('a writer edits, sees the preview, saves with Ctrl+S and sees the page changed', async (t) => {
    const { page, scriptErrors } = await signedIn(t, 'writer', 'elise@example.org', 'Élise');
    await page.goto(url('/guide'));
    await page.getByRole('link', { name: 'Modifier' }).click();
    await page.waitForURL(/\/-\/edit\/guide\.md$/);
    const text = await page.locator('#editor-text').inputValue();
    await page.locator('#editor-text').fill(`${text}\n## Section écrite dans le navigateur\n\nUn ajout.\n`);
    await page.locator('.editor-preview-body h3', { hasText: 'Section écrite dans le navigateur' }).waitFor();
    await page.locator('#editor-text').press('Control+s');
    await page.waitForURL(url('/guide'));
    await page.locator('main h3', { hasText: 'Section écrite dans le navigateur' }).waitFor();
    assert.match(guide(), /## Section écrite dans le navigateur/);
    assert.match(run(w.world.repo, ['log', '-1', '--format=%an <%ae>', 'main']), /Élise <elise@example\.org>/);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('feuillet-draft:')).length), 0);
    assert.deepEqual(scriptErrors, []);
  });

  test('two writers change the same paragraph: the second gets the conflict view with their own text', async (t) => {
    const alice = await signedIn(t, 'writer', 'alice@example.org', 'Alice');
    const bruno = await signedIn(t, 'writer', 'bruno@example.org', 'Bruno');
    await Promise.all([alice.page.goto(url('/-/edit/guide.md')), bruno.page.goto(url('/-/edit/guide.md'))]);
    const original = await alice.page.locator('#editor-text').inputValue();
    await alice.page.locator('#editor-text').fill(original.replace('Deuxième paragraphe.', 'Deuxième paragraphe, version d’Alice.'));
    await bruno.page.locator('#editor-text').fill(original.replace('Deuxième paragraphe.', 'Deuxième paragraphe, version de Bruno.'));
    await alice.page.getByRole('button', { name: 'Enregistrer' }).click();
    await alice.page.waitForURL(url('/guide'));
    const head = w.head();
    await bruno.page.getByRole('button', { name: 'Enregistrer' }).click();
    await bruno.page.locator('#editor-conflict-title').waitFor();
    assert.match(await bruno.page.locator('#editor-text').inputValue(), /version de Bruno/);
    assert.match(await bruno.page.locator('#editor-current').inputValue(), /version d’Alice/);
    assert.match(await bruno.page.locator('#editor-markers').inputValue(), /<<<<<<< votre texte/);
    assert.equal(w.head(), head, 'nothing committed');
    // Bruno keeps both and saves again: it lands on top of Alice's.
    await bruno.page.locator('#editor-text').fill(original.replace('Deuxième paragraphe.', 'Deuxième paragraphe, versions d’Alice et de Bruno.'));
    await bruno.page.locator('#editor-text').press('Control+s');
    await bruno.page.waitForURL(url('/guide'));
    assert.match(guide(), /versions d’Alice et de Bruno/);
    assert.deepEqual([...alice.scriptErrors, ...bruno.scriptErrors], []);
  });

  test('a contributor proposes a change and a maintainer applies it from the review page', async (t) => {
    const camille = await signedIn(t, 'contributor', 'camille@example.org', 'Camille');
    await camille.page.goto(url('/docs/outils'));
    await camille.page.getByRole('link', { name: 'Proposer une modification' }).click();
    const text = await camille.page.locator('#editor-text').inputValue();
    await camille.page.locator('#editor-text').fill(text.replace('Une liste.', 'Une liste, complétée par Camille.'));
    await camille.page.locator('#editor-message').fill('Complète la liste des outils');
    await camille.page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await camille.page.waitForURL(/\/-\/review\/\d+$/);
    const changeUrl = camille.page.url();
    assert.doesNotMatch(run(w.world.repo, ['show', 'main:docs/outils.md']), /Camille/);

    const maia = await signedIn(t, 'maintainer', 'maia@example.org', 'Maïa');
    await maia.page.goto(changeUrl);
    await maia.page.getByRole('button', { name: 'Appliquer sur la branche' }).click();
    await maia.page.waitForURL(/\?done=applied/);
    assert.match(run(w.world.repo, ['show', 'main:docs/outils.md']), /complétée par Camille/);
    assert.equal(run(w.world.repo, ['log', '-1', '--format=%an|%s', 'main', '--', 'docs/outils.md']).trim(), 'Camille|Complète la liste des outils');
    assert.deepEqual([...camille.scriptErrors, ...maia.scriptErrors], []);
  });

  test('a save that fails (the session ended) keeps the text, and the draft is offered back', async (t) => {
    const { page, scriptErrors, cookie } = await signedIn(t, 'writer', 'dora@example.org', 'Dora');
    await page.goto(url('/-/edit/index.md'));
    const mine = '# Accueil\n\nBienvenue, texte que rien ne doit perdre.\n';
    await page.locator('#editor-text').fill(mine);
    const head = w.head();
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.editor-status', { hasText: 'L’enregistrement a échoué' }).waitFor();
    // A preview asked for now fails too (it replaces the one typing may have asked for): its message has its
    // own place and hides nothing.
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await page.locator('.editor-preview-status', { hasText: 'L’aperçu n’a pas pu être mis à jour' }).waitFor();
    assert.match(await page.locator('.editor-status').innerText(), /L’enregistrement a échoué/);
    assert.equal(await page.locator('#editor-text').inputValue(), mine);
    assert.equal(w.head(), head);

    // Signed in again, the editor opened anew offers the draft; restored, it saves.
    const [name = '', value = ''] = cookie.split('=');
    await page.context().addCookies([{ name, value, url: w.server.url }]);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(url('/-/edit/index.md'));
    await page.getByRole('button', { name: 'Reprendre le brouillon' }).click();
    assert.equal(await page.locator('#editor-text').inputValue(), mine);
    await page.locator('#editor-text').press('Control+s');
    await page.waitForURL(url('/'));
    assert.equal(run(w.world.repo, ['show', 'main:index.md']), mine);
    await page.goto(url('/-/edit/index.md'));
    assert.equal(await page.locator('.editor-draft').isHidden(), true, 'the draft went with the save');
    assert.deepEqual(scriptErrors, []);
  });
});
