import type { Page } from 'playwright-core';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { findDsfr } from '../../src/views/themes/dsfr-package.js';
import { git, makeRepo } from './repo.js';
import { startServer, type TestServer } from './server.js';

/** The State design system package, when this machine has it (`DSFR_ACCEPT_LICENSE=1 npm install --no-save @gouvfr/dsfr@1.15.3`). */
export const DSFR = findDsfr();

/** The reason to skip a test of the `dsfr` theme, or false when it must run: under CI=true a missing package fails. */
export function dsfrSkip(): string | false {
  if (DSFR || process.env.CI === 'true') return false;
  return 'needs the @gouvfr/dsfr package, which Feuillet does not install (its licence must be accepted): DSFR_ACCEPT_LICENSE=1 npm install --no-save @gouvfr/dsfr@1.15.3, as .ci/run does';
}

const paragraphs = (topic: string, count = 4) =>
  Array.from(
    { length: count },
    (_, i) =>
      `Paragraphe ${i + 1} sur ${topic}. Les pages d’un wiki se lisent souvent en diagonale : des titres clairs, des phrases courtes et des liens qui disent où ils mènent aident chacun à trouver ce qu’il cherche, au clavier comme à la souris.`,
  ).join('\n\n');

const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Feuillet//Tests//FR',
  'X-WR-CALNAME:Réunions du groupe',
  'BEGIN:VEVENT',
  'UID:reunion-future@example.org',
  'DTSTAMP:20260101T090000Z',
  'DTSTART;TZID=Europe/Paris:20991015T100000',
  'DTEND;TZID=Europe/Paris:20991015T120000',
  'SUMMARY:Réunion du groupe de travail',
  'LOCATION:Salle 12, Paris',
  'DESCRIPTION:Ordre du jour : relecture des pages et des correctifs reçus.',
  'URL:https://example.org/reunion',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:reunion-passee@example.org',
  'DTSTAMP:20200101T090000Z',
  'DTSTART;VALUE=DATE:20200110',
  'DTEND;VALUE=DATE:20200111',
  'SUMMARY:Atelier de lancement',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * A small wiki with one page of every kind Feuillet shows: home, a deep page with a table of contents,
 * a folder without index, a calendar, a table of data, warnings and broken links. `theme` goes in its
 * `.feuillet.yml`.
 */
export function themedWikiFiles(theme: 'default' | 'dsfr'): Record<string, string> {
  return {
    '.feuillet.yml': [
      'title: Wiki du groupe de travail',
      `theme: ${theme}`,
      'accessibility: partiellement',
      'licence: { name: Licence Ouverte 2.0, url: https://www.etalab.gouv.fr/licence-ouverte-open-licence/ }',
      'list_address: groupe@listes.example.org',
      '',
    ].join('\n'),
    'index.md': [
      '---',
      'title: Accueil',
      'description: Le wiki du groupe de travail',
      '---',
      'Bienvenue sur le wiki du groupe. Commencez par le [guide](guide/index.md) ou la [configuration avancée](guide/avancé/configuration.md).',
      '',
      '# Ce que vous trouverez ici',
      '',
      paragraphs('le contenu du wiki', 2),
      '',
      '- les [comptes rendus](archives/) des réunions ;',
      '- le [calendrier](données/réunions.ics) et les [chiffres](données/chiffres.csv) ;',
      '- une page [qui n’existe pas](absente.md), signalée comme lien cassé.',
      '',
      '> Une citation, pour voir comment elle se présente.',
      '',
      '| Rôle | Peut faire |',
      '| --- | --- |',
      '| lecteur | lire |',
      '| contributeur | proposer des modifications |',
      '',
      '| Version | Janvier | Février | Mars | Avril | Mai | Juin | Juillet | Août |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| Publication | préparation | relecture | validation | diffusion | préparation | relecture | validation | diffusion |',
      '',
      '```sh',
      'git clone https://example.org/wiki.git # cloner le wiki, avec une ligne assez longue pour dépasser la largeur d’un téléphone',
      '```',
      '',
      '- [x] une tâche faite',
      '- [ ] une tâche à faire',
      '',
      'Une note de bas de page[^1].',
      '',
      '[^1]: La note.',
      '',
    ].join('\n'),
    'guide/index.md': `---\ntitle: Guide\n---\nLe guide du wiki.\n\n${paragraphs('le guide', 1)}\n`,
    'guide/écrire.md': `# Écrire une page\n\n${paragraphs('l’écriture', 2)}\n`,
    'guide/avancé/configuration.md': [
      '---',
      'title: Configuration avancée',
      'toc: true',
      '---',
      '# Préparer',
      '',
      paragraphs('la préparation'),
      '',
      '## Les prérequis',
      '',
      paragraphs('les prérequis'),
      '',
      '# Installer',
      '',
      paragraphs('l’installation'),
      '',
      '## Vérifier',
      '',
      paragraphs('la vérification'),
      '',
      '# Aller plus loin',
      '',
      paragraphs('la suite'),
      '',
    ].join('\n'),
    'guide/avancé/annexe.md': '# Annexe\n\nUne page voisine.\n',
    'guide/en-anglais.md': '---\ntitle: A page in English\nlang: en\n---\nThis page is written in English, inside a French wiki.\n',
    'guide/en-tête-cassé.md': '---\ntitle: [non fermé\n---\nCette page a un en-tête YAML invalide.\n',
    'archives/2025-01-réunion.md': '# Réunion de janvier\n\nCompte rendu.\n',
    'archives/2025-02-réunion.md': '# Réunion de février\n\nCompte rendu.\n',
    'archives/notes.txt': 'Des notes.\n',
    'données/réunions.ics': CALENDAR,
    'données/chiffres.csv': 'Année;Pages;Contributions\n2023;120;1 204,5\n2024;180;2 310\n2025;240;3 020,25\n',
  };
}


/** The accounts of the themed wiki, by role, all with the same password. */
const ACCOUNTS = { admin: 'admin@example.org', contributor: 'contributrice@example.org' } as const;
const PASSWORD = 'correct horse battery staple';

export interface PageKind {
  name: string;
  /** The URL path in the wiki of `startThemedWiki`; `{first}` and `{commit}` name its first and second commits. */
  path: string;
  /** The status the page answers with (200 by default). */
  status?: number;
  /** Also checked on a 360-pixel-wide screen, where navigation and table of contents fold. */
  narrow?: true;
  /** Seen signed in with this role (the page is for them). */
  as?: keyof typeof ACCOUNTS;
}

/**
 * The one list of pages the accessibility tests check (test/e2e/accessibility*.test.ts), one of each kind
 * Feuillet serves: add a page in one line. The page of one proposed change, a thread and a message need a
 * change in review: test/review/review-pages-pass-axe.test.ts checks them, in both themes too.
 */
export const PAGE_KINDS: readonly PageKind[] = [
  { name: 'home', path: '/', narrow: true },
  { name: 'deep page with a table of contents', path: '/guide/avancé/configuration', narrow: true },
  { name: 'page in another language than the wiki', path: '/guide/en-anglais' },
  { name: 'page whose front matter could not be read', path: '/guide/en-tête-cassé' },
  { name: 'folder listing', path: '/archives/' },
  { name: 'page not found', path: '/nulle-part', status: 404 },
  { name: 'calendar', path: '/données/réunions.ics' },
  { name: 'table of data', path: '/données/chiffres.csv', narrow: true },
  { name: 'agenda', path: '/-/agenda' },
  { name: 'accessibility statement', path: '/-/accessibilite' },
  { name: 'legal notice', path: '/-/mentions-legales' },
  { name: 'personal data', path: '/-/donnees-personnelles' },
  { name: 'search results', path: '/-/search?q=groupe', narrow: true },
  { name: 'recent changes', path: '/-/changes' },
  { name: 'history of a page', path: '/-/history/guide/écrire.md' },
  { name: 'a commit', path: '/-/commit/{commit}' },
  { name: 'diff of a page', path: '/-/diff/{commit}/guide/écrire.md', narrow: true },
  { name: 'a page as it was', path: '/-/at/{first}/guide/écrire.md' },
  { name: 'changes in review', path: '/-/review/' },
  { name: 'mailing list archive', path: '/-/archive/' },
  { name: 'sign-in', path: '/-/login', narrow: true },
  { name: 'registration', path: '/-/register' },
  { name: 'forgotten password', path: '/-/password' },
  { name: 'account', path: '/-/account', as: 'admin' },
  { name: 'administration', path: '/-/admin/', as: 'admin' },
  { name: 'write access request', path: '/-/access-request', as: 'contributor' },
  { name: 'page editor', path: '/-/edit/guide/écrire.md', as: 'admin', narrow: true },
  { name: 'proposal editor', path: '/-/edit/guide/écrire.md', as: 'contributor' },
  { name: 'new page form', path: '/-/new?folder=guide&title=Essai', as: 'admin', narrow: true },
  { name: 'upload form', path: '/-/upload?folder=guide', as: 'admin' },
  { name: 'rename form', path: '/-/rename/guide/écrire.md', as: 'admin' },
  { name: 'delete form', path: '/-/delete/guide/écrire.md', as: 'admin' },
  { name: 'restore form', path: '/-/restore/{first}/guide/écrire.md', as: 'admin' },
  { name: 'page seen by a writer, with its buttons', path: '/guide/écrire', as: 'admin', narrow: true },
];

export const THEMES = [
  { name: 'default', skip: false },
  { name: 'dsfr', skip: dsfrSkip() },
] as const;

export interface ThemedWiki {
  server: TestServer;
  /** The URL of a page of PAGE_KINDS. */
  url(kind: PageKind): string;
  close(): Promise<void>;
}

/**
 * The wiki of `themedWikiFiles` in `theme`, with a second commit (for history and diffs), served with
 * accounts (registration open, an administrator and a contributor).
 */
export async function startThemedWiki(theme: 'default' | 'dsfr', more: Record<string, string> = {}): Promise<ThemedWiki> {
  const repo = makeRepo({ ...themedWikiFiles(theme), ...more });
  const first = git(repo.dir, ['rev-parse', 'HEAD']).trim();
  const commit = repo.commit('Relecture du guide', {
    'guide/écrire.md': `# Écrire une page\n\nUne page commence par son titre, puis va à l’essentiel.\n\n${paragraphs('l’écriture', 1)}\n`,
  });
  const server = await startServer({ repo: repo.dir }, { settings: { registration: true } });
  for (const [role, email] of Object.entries(ACCOUNTS)) {
    await createAccount(server.services!.auth, OPERATOR, { email, role: role as keyof typeof ACCOUNTS, password: PASSWORD });
  }
  return {
    server,
    url: (kind) => new URL(kind.path.slice(1).replace('{first}', first).replace('{commit}', commit), server.url).href,
    async close() {
      await server.close();
      repo.cleanup();
    },
  };
}

/** Signs in with the sign-in form, as a reader would. */
export async function signIn(page: Page, wiki: ThemedWiki, role: keyof typeof ACCOUNTS): Promise<void> {
  await page.goto(new URL('-/login', wiki.server.url).href);
  await page.locator('#sign-in-email').fill(ACCOUNTS[role]);
  await page.locator('#sign-in-password').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/-/login'), page.locator('form:has(#sign-in-email) button[type=submit]').click()]);
}
