import { launchBrowser } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

const theme = process.argv[2] ?? 'default';
const long = Array.from({ length: 5 }, (_, i) => `Paragraphe ${i + 1} : une page de wiki se lit de haut en bas, avec des mots assez longs comme « anticonstitutionnellement » pour voir la césure, et un [lien externe](https://www.example.org/) ainsi qu’un [lien cassé](absente.md).`).join('\n\n');
const repo = makeRepo({
  '.feuillet.yml': `title: Wiki de démonstration\ntheme: ${theme}\nlicence: { name: Licence Ouverte 2.0, url: https://www.etalab.gouv.fr/licence-ouverte-open-licence/ }\naccessibility: partiellement\n`,
  'index.md': `---\ntitle: Accueil\n---\nBienvenue sur le wiki.\n\n## Présentation\n\n${long}\n\n## Tableau\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n### Code\n\n\`\`\`js\nconst x = 'bonjour'; // commentaire\n\`\`\`\n\n## Suite\n\n${long}\n`,
  'guide/index.md': '# Guide\n\nDu texte.\n',
  'guide/installer.md': `# Installer\n\n## Étape 1\n\n${long}\n\n## Étape 2\n\n${long}\n`,
  'données/réunions.ics': 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//FR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20991010T090000Z\r\nDTEND:20991010T100000Z\r\nSUMMARY:Réunion mensuelle\r\nLOCATION:Paris\r\nDESCRIPTION:Ordre du jour\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  'données/chiffres.csv': 'nom;valeur\nun;1,5\ndeux;22\n',
});
const server = await startServer({ repo: repo.dir });
const browser = await launchBrowser();
for (const [w, h] of [[1280, 900], [360, 800]] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, locale: 'fr-FR' });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    page.on('console', (m) => console.log('console', m.text()));
    for (const path of (process.argv[3] ?? '/').split(',')) {
      const r = await page.goto(server.url.replace(/\/$/, '') + path, { waitUntil: 'networkidle' });
      console.log(path, r?.status());
      await page.screenshot({ path: `/tmp/look/${theme}-${w}-${scheme}-${path.replace(/\W+/g, '_')}.png`, fullPage: process.argv[4] === 'full' });
    }
    await ctx.close();
  }
}
await browser.close();
await server.close();
repo.cleanup();
