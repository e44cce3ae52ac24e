/** Every string of the interface, in French and English. French is the reference: English must match its keys. */
const fr = {
  skipToContent: 'Aller au contenu',
  skipToNav: 'Aller à la navigation',
  search: 'Rechercher',
  searchPlaceholder: 'Rechercher dans le wiki',
  breadcrumb: 'Fil d’Ariane',
  home: 'Accueil',
  toc: 'Sommaire',
  navigation: 'Pages de cette rubrique',
  lastChange: 'Dernière modification',
  by: 'par',
  source: 'Voir la source',
  history: 'Historique',
  licence: 'Licence',
  contentUnder: 'Contenu publié sous',
  cloneWith: 'Cloner ce wiki :',
  poweredBy: 'Propulsé par Feuillet',
  accessibility: 'Accessibilité',
  accessibilityStatus: { non: 'non conforme', partiellement: 'partiellement conforme', totalement: 'totalement conforme' },
  legalNotice: 'Mentions légales',
  personalData: 'Données personnelles',
  headingAnchor: 'Lien vers cette section',
  brokenMissing: 'Lien cassé : cette page ou ce fichier n’existe pas',
  brokenAnchor: 'Lien cassé : cette section n’existe pas dans la page',
  brokenLeavesRoot: 'Lien cassé : ce lien sort du wiki',
  frontMatterWarning: 'L’en-tête de cette page (front matter YAML) n’a pas pu être lu :',
  unrenderableBinary: 'Ce fichier porte l’extension .md mais contient des données binaires : il n’est pas affiché.',
  unrenderableTooLarge: 'Cette page dépasse la taille maximale affichée : téléchargez sa source.',
  folderListing: 'Contenu du dossier',
  folderEmpty: 'Ce dossier est vide.',
  kindFolder: 'dossier',
  kindFile: 'fichier',
  notFoundTitle: 'Page introuvable',
  notFoundText: 'Aucune page ne correspond à cette adresse.',
  notFoundSuggestions: 'Vous cherchiez peut-être :',
  notFoundHome: 'Retourner à l’accueil',
  errorTitle: 'Erreur',
  errorText: 'Une erreur inattendue s’est produite. Réessayez dans un instant.',
  worktreeNotice: 'Aperçu des fichiers non enregistrés dans git : l’historique, la modification en ligne et les correctifs demandent un dépôt git (feuillet init).',
  outsideWiki: 'Fichier du dépôt, hors du wiki',
  themeLabel: 'Thème',
  themeSystem: 'Système',
  themeLight: 'Clair',
  themeDark: 'Sombre',
  openMenu: 'Menu',
  agendaTitle: 'Agenda',
  agendaIntro: 'Les événements à venir de tous les calendriers du wiki.',
  unreadableFile: 'Ce fichier n’a pas pu être lu :',
  downloadFile: 'Télécharger le fichier',
  skipToSearch: 'Aller à la recherche',
  skipToFooter: 'Aller au pied de page',
  quickAccess: 'Accès rapide',
  displaySettings: 'Paramètres d’affichage',
  displayLegend: 'Choisissez un thème pour personnaliser l’apparence du site.',
  themeLightFull: 'Thème clair',
  themeDarkFull: 'Thème sombre',
  themeSystemHint: 'Utilise les paramètres système',
  close: 'Fermer',
  backToHome: 'Retour à l’accueil du site',
  newWindow: 'nouvelle fenêtre',
  inThisSection: 'Dans cette rubrique',
  showBreadcrumb: 'Voir le fil d’Ariane',
  contentLicence: 'Sauf mention contraire, les contenus de ce site sont proposés sous',
  dsfrMissing:
    'Pour les responsables du wiki : le thème DSFR est choisi dans .feuillet.yml, mais le paquet @gouvfr/dsfr n’est pas installé sur le serveur, et les pages s’affichent donc avec le thème par défaut. Le DSFR est réservé aux sites de l’État. Après avoir accepté sa licence (un fichier .dsfr.yml contenant « accept-license: 1.0.1 », ou la variable DSFR_ACCEPT_LICENSE=1), installez-le avec « npm install @gouvfr/dsfr » dans le dossier de Feuillet, puis relancez Feuillet.',
};

export type Messages = typeof fr;
export type Lang = 'fr' | 'en';

const en: Messages = {
  skipToContent: 'Skip to content',
  skipToNav: 'Skip to navigation',
  search: 'Search',
  searchPlaceholder: 'Search the wiki',
  breadcrumb: 'Breadcrumb',
  home: 'Home',
  toc: 'Contents',
  navigation: 'Pages in this section',
  lastChange: 'Last changed',
  by: 'by',
  source: 'View source',
  history: 'History',
  licence: 'Licence',
  contentUnder: 'Content published under',
  cloneWith: 'Clone this wiki:',
  poweredBy: 'Powered by Feuillet',
  accessibility: 'Accessibility',
  accessibilityStatus: { non: 'not compliant', partiellement: 'partially compliant', totalement: 'fully compliant' },
  legalNotice: 'Legal notice',
  personalData: 'Personal data',
  headingAnchor: 'Link to this section',
  brokenMissing: 'Broken link: no such page or file',
  brokenAnchor: 'Broken link: no such section in the page',
  brokenLeavesRoot: 'Broken link: this link leaves the wiki',
  frontMatterWarning: 'The header of this page (YAML front matter) could not be read:',
  unrenderableBinary: 'This file is named .md but holds binary data: it is not shown.',
  unrenderableTooLarge: 'This page is larger than the largest shown: download its source.',
  folderListing: 'Folder contents',
  folderEmpty: 'This folder is empty.',
  kindFolder: 'folder',
  kindFile: 'file',
  notFoundTitle: 'Page not found',
  notFoundText: 'No page matches this address.',
  notFoundSuggestions: 'Perhaps you were looking for:',
  notFoundHome: 'Back to the home page',
  errorTitle: 'Error',
  errorText: 'Something unexpected went wrong. Please try again in a moment.',
  worktreeNotice: 'Preview of files not saved in git: history, web editing and patches need a git repository (feuillet init).',
  outsideWiki: 'Repository file, outside the wiki',
  themeLabel: 'Theme',
  themeSystem: 'System',
  themeLight: 'Light',
  themeDark: 'Dark',
  openMenu: 'Menu',
  agendaTitle: 'Agenda',
  agendaIntro: 'Upcoming events from every calendar of the wiki.',
  unreadableFile: 'This file could not be read:',
  downloadFile: 'Download the file',
  skipToSearch: 'Skip to search',
  skipToFooter: 'Skip to footer',
  quickAccess: 'Quick access',
  displaySettings: 'Display settings',
  displayLegend: 'Choose a theme to customise the look of the site.',
  themeLightFull: 'Light theme',
  themeDarkFull: 'Dark theme',
  themeSystemHint: 'Uses the system settings',
  close: 'Close',
  backToHome: 'Back to the site’s home page',
  newWindow: 'new window',
  inThisSection: 'In this section',
  showBreadcrumb: 'Show the breadcrumb',
  contentLicence: 'Unless stated otherwise, the contents of this site are offered under',
  dsfrMissing:
    'For the wiki’s maintainers: the DSFR theme is chosen in .feuillet.yml, but the @gouvfr/dsfr package is not installed on the server, so pages use the default theme. The DSFR is reserved to French State websites. After accepting its licence (a .dsfr.yml file holding “accept-license: 1.0.1”, or the variable DSFR_ACCEPT_LICENSE=1), install it with “npm install @gouvfr/dsfr” in Feuillet’s folder, then restart Feuillet.',
};

const catalogue: Record<Lang, Messages> = { fr, en };

export function messagesFor(lang: Lang): Messages {
  return catalogue[lang];
}

/** Picks the interface language: the reader's first supported `Accept-Language`, else the wiki's. */
export function negotiateLang(acceptLanguage: string | undefined, fallback: Lang): Lang {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (lang === 'fr' || lang === 'en') return lang;
  return fallback;
}
