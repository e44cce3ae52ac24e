import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { startThemedWiki, THEMES, type ThemedWiki } from '../helpers/themes.js';

/*
 * The README's pictures of both themes (docs/capture-theme-*.png), made by the test suite's browser. Every
 * run makes them in a temporary folder and checks they stay light; `FEUILLET_UPDATE_CAPTURES=1` writes them
 * into docs/ instead, to refresh the README.
 */

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const UPDATE = process.env.FEUILLET_UPDATE_CAPTURES === '1';
const MAX_BYTES = 300 * 1024;

const PAGE = `---
title: Contribuer au wiki
toc: true
description: Comment proposer une modification, par le navigateur ou par courriel.
---
Chacun peut améliorer ce wiki : corriger une coquille, compléter une procédure, ajouter le compte rendu d’une réunion. Toute modification est relue par l’équipe avant d’être publiée.

# Proposer une modification

Depuis une page, choisissez **Modifier**, écrivez en Markdown et décrivez votre changement en une phrase. Votre proposition arrive dans la [liste des relectures](../archives/) ; vous êtes prévenu par courriel dès qu’elle est acceptée.

## Par courriel

Si vous préférez git, envoyez un correctif à la liste de diffusion :

\`\`\`sh
git send-email --to=groupe@listes.example.org HEAD^
\`\`\`

# Bien écrire

| Conseil | Pourquoi |
| --- | --- |
| Un titre par idée | le sommaire reste lisible |
| Des liens qui disent où ils mènent | on sait où l’on va avant de cliquer |
| Une image, un texte de remplacement | tout le monde reçoit l’information |
`;

describe('pictures of both themes for the README', { skip: chromiumSkip() }, () => {
  const out = UPDATE ? DOCS : mkdtempSync(join(tmpdir(), 'feuillet-captures-'));
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (!UPDATE) rmSync(out, { recursive: true, force: true });
  });

  for (const theme of THEMES) {
    describe(`${theme.name} theme`, { skip: theme.skip }, () => {
      let wiki: ThemedWiki;

      before(async () => {
        wiki = await startThemedWiki(theme.name, { 'guide/contribuer.md': PAGE });
      });

      after(async () => {
        await wiki?.close();
      });

      test(`docs/capture-theme-${theme.name}.png: a page with its menu and table of contents, under 300 KB`, async (t) => {
        const { page, scriptErrors } = await newPage(t, browser, { locale: 'fr-FR', colorScheme: 'light', viewport: { width: 1280, height: 800 } });
        const response = await page.goto(wiki.url({ name: 'page to show', path: '/guide/contribuer' }));
        assert.equal(response?.status(), 200);
        if (theme.name === 'dsfr') await page.waitForFunction(() => document.documentElement.getAttribute('data-fr-theme') === 'light');
        await page.evaluate(() => document.fonts.ready);
        const file = join(out, `capture-theme-${theme.name}.png`);
        await page.screenshot({ path: file });
        const bytes = statSync(file).size;
        assert.ok(bytes < MAX_BYTES, `${file} weighs ${bytes} bytes`);
        assert.deepEqual(scriptErrors, []);
      });
    });
  }
});
