// In Chromium, from nothing to a push: a newcomer registers, confirms the address with the mailed link
// (read from the outbox), asks for write access; a maintainer grants it from /-/admin/; the new writer
// creates a personal access token on their account page and pushes with the real git client; the live
// wiki shows the pushed page at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { gitAsUser, makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { outboxMails } from '../helpers/web-client.js';

const PASSWORD = 'correct horse battery staple';

let browser: Browser | undefined;
let server: TestServer;
let repo: ReturnType<typeof makeRepo>;
let scratch: string;

before(async () => {
  if (chromiumSkip()) return;
  repo = makeRepo({ 'index.md': '---\ntitle: Accueil\n---\n\nBienvenue sur le wiki.\n' }, 'wiki');
  scratch = mkdtempSync(join(tmpdir(), 'feuillet-e2e-push-'));
  [browser, server] = await Promise.all([launchBrowser(), startServer({ repo: repo.dir }, { settings: { registration: true } })]);
  await createAccount(server.services!.auth, OPERATOR, { email: 'maintainer@example.org', role: 'maintainer', password: PASSWORD });
});

after(async () => {
  await browser?.close();
  await server?.close();
  repo?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('register, confirm, ask for write access, get it from a maintainer, create a token, push', { skip: chromiumSkip() }, async (t) => {
  const { page, scriptErrors } = await newPage(t, browser!);
  const base = server.url.replace(/\/$/, '');

  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  await page.getByLabel('Adresse électronique').fill('zoe@example.org');
  await page.getByLabel('Nom affiché').fill('Zoé Martin');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();

  const mail = (await outboxMails(server.dataDir)).find((m) => m.to.includes('zoe@example.org'));
  const link = mail?.links.find((l) => l.includes('/-/confirm?token='));
  assert.ok(link, 'the confirmation mail holds the link');
  await page.goto(link);
  await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
  await page.getByText('Votre adresse est confirmée').waitFor();
  await page.getByLabel('Adresse électronique').fill('zoe@example.org');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();

  await page.getByRole('link', { name: 'Demander un accès en écriture' }).click();
  await page.getByLabel('Message aux responsables').fill('Je souhaite mettre à jour la page d’accueil.');
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  await page.getByText('Votre demande est envoyée').waitFor();
  assert.ok((await outboxMails(server.dataDir)).some((m) => m.to.includes('maintainer@example.org') && /Zoé Martin/.test(m.subject)));

  const maintainer = await newPage(t, browser!);
  await maintainer.page.goto(`${base}/-/admin/`);
  await maintainer.page.getByLabel('Adresse électronique').fill('maintainer@example.org');
  await maintainer.page.getByLabel('Mot de passe').fill(PASSWORD);
  await maintainer.page.getByRole('button', { name: 'Se connecter' }).click();
  await maintainer.page.getByText('Je souhaite mettre à jour la page d’accueil.').waitFor();
  await maintainer.page.getByLabel('Accorder l’accès en tant que').selectOption('writer');
  await maintainer.page.getByRole('button', { name: 'Accorder' }).click();
  await maintainer.page.getByText('Accès accordé').waitFor();

  await page.goto(`${base}/-/account`);
  await page.getByText('Vous avez déjà accès en écriture.').waitFor();
  await page.getByLabel('Nom du jeton').fill('portable');
  await page.getByRole('button', { name: 'Créer un jeton' }).click();
  const token = (await page.locator('.secret-token').textContent())?.trim() ?? '';
  assert.match(token, /^feuillet_/);

  const cloneUrl = `${base}/wiki.git`;
  assert.ok((await gitAsUser(scratch, ['clone', '-q', cloneUrl, 'copie'])).ok);
  const copy = join(scratch, 'copie');
  writeFileSync(join(copy, 'nouvelle-page.md'), '---\ntitle: Nouvelle page\n---\n\nPoussée par Zoé.\n');
  assert.ok((await gitAsUser(copy, ['add', '.'])).ok);
  assert.ok((await gitAsUser(copy, ['commit', '-qm', 'Nouvelle page'])).ok);
  const withToken = new URL(cloneUrl);
  withToken.username = 'zoe';
  withToken.password = token;
  const pushed = await gitAsUser(copy, ['push', withToken.href, 'HEAD:main']);
  assert.ok(pushed.ok, pushed.out);

  await page.goto(`${base}/nouvelle-page`);
  await page.getByText('Poussée par Zoé.').waitFor();
  assert.deepEqual(scriptErrors, []);
});
