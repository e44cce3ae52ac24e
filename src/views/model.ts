import type { LegalPageKind } from '../config/wiki-settings.js';
import type { WikiSettings } from '../config/wiki-settings.js';

export type AccessibilityStatus = WikiSettings['accessibility'];
import type { Lang } from './messages.js';

/** What every page of a wiki shares: its name, licence, where Feuillet's own pages live. */
export interface SiteView {
  title: string;
  /** Interface language of this response. */
  lang: Lang;
  licence?: { name: string; url?: string };
  /** `git clone` address, shown in the footer. */
  cloneUrl?: string;
  accessibility: AccessibilityStatus;
  /** The wiki pages that stand in for Feuillet's legal pages (`accessibility_page`…), as links. */
  legalPages?: Partial<Record<LegalPageKind, string>>;
  /** Prefix of every internal URL ('' at the root of a host). */
  basePath: string;
  /** Changes when the stylesheet or script changes, so they can be cached for a year. */
  assetsVersion: string;
  /** A notice shown above every page (e.g. a work tree without git). */
  notice?: string;
  /** Pages listen for changes and reload (work tree preview). */
  liveReload?: boolean;
  /** How pages look; absent is the default theme. */
  theme?: ThemeView;
  /** The reader's account links in the header (live server with accounts only). */
  account?: AccountNavView;
}

/** Which account links the header shows: they depend only on the reader's role, so pages cache by role. */
export interface AccountNavView {
  signedIn: boolean;
  /** "Demander un accès en écriture", for a signed-in contributor. */
  requestAccess: boolean;
  /** The administration page, for maintainers and admins. */
  admin: boolean;
  /** Writers and above: editing controls, and links to missing pages that lead to the form creating them. */
  edit: boolean;
}

/**
 * `dsfr` is the State design system, served from the package the operator installed (`version` names its
 * files' URLs). When `.feuillet.yml` asks for it but the package is missing, pages use the default theme
 * and tell the wiki's maintainers how to install it (`dsfrMissing`).
 */
export type ThemeView = { name: 'default'; dsfrMissing?: true } | { name: 'dsfr'; version: string };

export interface Crumb {
  label: string;
  href: string;
}

export interface NavEntry {
  label: string;
  href: string;
  kind: 'page' | 'folder';
  current: boolean;
}

export interface LastChangeView {
  author: string;
  /** ISO 8601. */
  date: string;
  commit: string;
}
