// The README's screenshot, taken by the test suite's browser:
//   npm run build && node --import tsx scripts/screenshot.ts [OUT.png]
// It shows the home page of the bundled manual as `npm start` serves it, or a small sample wiki while the
// manual is not written yet. Default output: docs/capture-accueil.png (1280×900, light theme, French).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, serveWithCli } from '../test/helpers/browser.js';
import { makeRepo } from '../test/helpers/repo.js';

const MAX_BYTES = 300 * 1024;
const out = process.argv[2] ?? fileURLToPath(new URL('../docs/capture-accueil.png', import.meta.url));
const manual = existsSync(new URL('../example/index.md', import.meta.url));

const SAMPLE = {
  'index.md': `---
title: Wiki de l'équipe documentation
description: Exemple de wiki servi par Feuillet
---
Bienvenue sur le wiki de l'équipe. Chaque page est un fichier Markdown dans un dépôt git :
on la lit ici, on la modifie dans son éditeur ou dans le navigateur, on propose un changement par courriel.

# Pour commencer

- Lire [les règles de rédaction](rediger.md) avant d'écrire une première page.
- Suivre [les réunions](reunions/index.md) et leurs comptes rendus.

## Écrire une page

Une page commence par un en-tête YAML qui donne son titre, puis du Markdown ordinaire :

\`\`\`markdown
---
title: Ma page
---
# Une section
\`\`\`

## Proposer une modification

| Moyen | Pour qui |
| --- | --- |
| Éditeur en ligne | les rédacteurs |
| Correctif par courriel | tout le monde |

# Contacts

Écrivez à la liste de diffusion de l'équipe.
`,
  'rediger.md': '---\ntitle: Règles de rédaction\n---\nDes phrases courtes, un titre par section.\n',
  'reunions/index.md': '---\ntitle: Réunions\n---\nLes comptes rendus, du plus récent au plus ancien.\n',
};

const sample = manual ? undefined : makeRepo(SAMPLE, 'documentation');
const cli = await serveWithCli(sample ? [sample.dir] : []);
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', colorScheme: 'light' });
  const page = await context.newPage();
  const response = await page.goto(cli.url);
  if (response?.status() !== 200) throw new Error(`home page answered ${response?.status()}:\n${cli.output()}`);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, type: 'png' });
  const size = statSync(out).size;
  console.log(`${out}: ${manual ? 'bundled manual' : 'sample wiki'}, 1280×900, ${Math.round(size / 1024)} KB`);
  if (size > MAX_BYTES) throw new Error(`the screenshot weighs ${size} bytes, more than ${MAX_BYTES}`);
} finally {
  await browser.close();
  await cli.stop();
  sample?.cleanup();
}
