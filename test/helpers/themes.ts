import { findDsfr } from '../../src/views/themes/dsfr-package.js';

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

export interface PageKind {
  name: string;
  /** The URL path, in the wiki of `themedWikiFiles`. */
  path: string;
  /** The status the page answers with (200 by default). */
  status?: number;
  /** Also checked on a 360-pixel-wide screen, where navigation and table of contents fold. */
  narrow?: true;
  /**
   * A page another part of Feuillet is bringing: skipped, saying so, while its route answers 404. Add a
   * page here when its route exists; remove `pending` once it is always served.
   */
  pending?: true;
}

/** The one list of pages the accessibility tests check (test/e2e/accessibility*.test.ts): add a page in one line. */
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
  { name: 'search results', path: '/-/search?q=groupe', pending: true },
  { name: 'sign-in', path: '/-/login', pending: true },
];

export const THEMES = [
  { name: 'default', skip: false },
  { name: 'dsfr', skip: dsfrSkip() },
] as const;
