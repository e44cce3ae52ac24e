import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { THEMES } from '../helpers/themes.js';

/*
 * The README's pictures of both themes (docs/capture-theme-*.png): the bundled manual's page on themes,
 * made by the test suite's browser. Every run makes them in a temporary folder and checks they stay light;
 * `FEUILLET_UPDATE_CAPTURES=1` writes them into docs/ instead, to refresh the README.
 */

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const MANUAL = fileURLToPath(new URL('../../example/', import.meta.url));
const UPDATE = process.env.FEUILLET_UPDATE_CAPTURES === '1';
const MAX_BYTES = 300 * 1024;

/** The bundled manual's files, its settings set to `theme`. */
function manualIn(theme: 'default' | 'dsfr'): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {};
  for (const entry of readdirSync(MANUAL, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(MANUAL, path).split(sep).join('/')] = readFileSync(path);
  }
  files['.feuillet.yml'] = `${String(files['.feuillet.yml'] ?? '')}\ntheme: ${theme}\n`;
  return files;
}

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
      let repo: ReturnType<typeof makeRepo>;
      let server: TestServer;

      before(async () => {
        repo = makeRepo(manualIn(theme.name), 'manuel');
        server = await startServer({ repo: repo.dir });
      });

      after(async () => {
        await server?.close();
        repo?.cleanup();
      });

      test(`docs/capture-theme-${theme.name}.png: the manual's page on themes, with its menu and table of contents, under 300 KB`, async (t) => {
        const { page, scriptErrors } = await newPage(t, browser, { locale: 'fr-FR', colorScheme: 'light', viewport: { width: 1280, height: 800 } });
        const response = await page.goto(new URL(encodeURI('accessibilité-et-thèmes'), server.url).href);
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
