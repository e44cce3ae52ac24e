import { normaliseKey, repeatedKeyProblem, unknownKeyProblem } from './keys.js';
import type { ConfigProblem } from './problems.js';
import { WIKI_SETTINGS, type SettingSpec, type WikiKey } from './schema.js';
import { parseValue, refusedValueProblem, type KindTypes, type Licence } from './values.js';
import { readYamlMapping } from './yaml-tree.js';

/** The wiki's own settings, from `.feuillet.yml` at the wiki root: they travel with the content. */
export interface WikiSettings {
  name: string;
  title: string;
  language: KindTypes['language'];
  licence?: Licence;
  theme: KindTypes['theme'];
  /** As written, checked to be an absolute http(s) address. */
  publicUrl?: string;
  /** Absolute http(s) addresses or root-absolute paths (`/~owner/wiki/`) where the wiki used to live. */
  oldUrls: string[];
  listAddress: string;
  subjectPrefix: string;
  accessibility: KindTypes['accessibility'];
  format: KindTypes['format'];
  /** What the legal notice, personal data and accessibility pages say about who publishes the site. */
  legal: LegalNotice;
}

/** Who publishes the site and whom to write to: the legal notice a French website must give (LCEN art. 6). */
export interface LegalNotice {
  publisher?: string;
  publisherAddress?: string;
  publicationDirector?: string;
  hostingProvider?: string;
  /** Where readers write about the site (default: the list address). */
  contact: string;
  /** Where readers write about their personal data (default: the contact address). */
  personalDataContact: string;
  /** Wiki pages (paths) that stand in for Feuillet's own legal pages, by the address of those. */
  pages: Partial<Record<LegalPageKind, string>>;
}

/** Feuillet's legal pages, by their address under `/-/`. */
export const LEGAL_PAGE_KINDS = ['accessibilite', 'mentions-legales', 'donnees-personnelles'] as const;
export type LegalPageKind = (typeof LEGAL_PAGE_KINDS)[number];

/** The setting that names the wiki page standing in for each. */
export const LEGAL_PAGE_SETTINGS = {
  accessibilite: 'accessibility_page',
  'mentions-legales': 'legal_notice_page',
  'donnees-personnelles': 'personal_data_page',
} as const satisfies Record<LegalPageKind, WikiKey>;

type Specs = typeof WIKI_SETTINGS;
type WikiValue<K extends WikiKey> = Specs[K] extends { list: true } ? KindTypes[Specs[K]['kind']][] : KindTypes[Specs[K]['kind']];

function isWikiKey(key: string): key is WikiKey {
  return Object.hasOwn(WIKI_SETTINGS, key);
}

/**
 * Reads `.feuillet.yml`. Lenient, since a wiki must render even with a bad settings file: whatever is
 * wrong becomes a problem with its line and that setting keeps its default; the rest still applies.
 */
export function parseWikiSettings(text: string, fileName: string, defaults: { name: string }): { settings: WikiSettings; problems: ConfigProblem[] } {
  const { mapping, problems } = readYamlMapping(text, fileName);
  const found = new Map<WikiKey, unknown>();
  // No wiki setting names a file on this machine, so no path is ever resolved against this.
  const ctx = { baseDir: '/' };
  for (const entry of mapping.entries) {
    const key = normaliseKey(entry.key);
    if (!isWikiKey(key)) {
      problems.push(unknownKeyProblem(fileName, entry.line, entry.key, Object.keys(WIKI_SETTINGS)));
      continue;
    }
    if (found.has(key)) {
      problems.push(repeatedKeyProblem(fileName, entry.line, key));
      continue;
    }
    if (entry.value.kind === 'scalar' && entry.value.value === null) continue;
    const spec: SettingSpec = WIKI_SETTINGS[key];
    if (spec.list) {
      // One bad item of a list is dropped; the others still count.
      const items = entry.value.kind === 'list' ? entry.value.items : [entry.value];
      const values: unknown[] = [];
      for (const item of items) {
        const parsed = parseValue(spec.kind, item, ctx);
        if (parsed.ok) values.push(parsed.value);
        else problems.push(refusedValueProblem(fileName, item.line, key, parsed, item));
      }
      found.set(key, values);
    } else {
      const parsed = parseValue(spec.kind, entry.value, ctx);
      if (parsed.ok) found.set(key, parsed.value);
      else problems.push(refusedValueProblem(fileName, entry.line, key, parsed, entry.value));
    }
  }
  // Each value was read by the parser of its key's kind, which gives exactly WikiValue<K>.
  const get = <K extends WikiKey>(key: K) => found.get(key) as WikiValue<K> | undefined;
  const name = get('name') ?? (defaults.name.trim() || 'wiki');
  const listAddress = get('list_address') ?? `${mailboxName(name)}@${LOCAL_LIST_DOMAIN}`;
  const contact = get('contact') ?? listAddress;
  const pages: Partial<Record<LegalPageKind, string>> = {};
  for (const kind of LEGAL_PAGE_KINDS) {
    const page = get(LEGAL_PAGE_SETTINGS[kind]);
    if (page !== undefined) pages[kind] = page;
  }
  const legal: LegalNotice = { contact, personalDataContact: get('personal_data_contact') ?? contact, pages };
  const publisher = get('publisher');
  const publisherAddress = get('publisher_address');
  const publicationDirector = get('publication_director');
  const hostingProvider = get('hosting_provider');
  if (publisher !== undefined) legal.publisher = publisher;
  if (publisherAddress !== undefined) legal.publisherAddress = publisherAddress;
  if (publicationDirector !== undefined) legal.publicationDirector = publicationDirector;
  if (hostingProvider !== undefined) legal.hostingProvider = hostingProvider;
  return {
    settings: {
      name,
      title: get('title') ?? name,
      language: get('language') ?? WIKI_SETTINGS.language.default,
      licence: get('licence'),
      theme: get('theme') ?? WIKI_SETTINGS.theme.default,
      publicUrl: get('public_url'),
      oldUrls: get('old_urls') ?? [],
      listAddress,
      subjectPrefix: get('subject_prefix') ?? name,
      accessibility: get('accessibility') ?? WIKI_SETTINGS.accessibility.default,
      format: get('format') ?? WIKI_SETTINGS.format.default,
      legal,
    },
    problems,
  };
}

/**
 * The domain of the default list address. `.localhost` names never leave the machine (RFC 6761), and the
 * dot is needed: git send-email refuses an address without one in its domain (`NAME@localhost`).
 */
export const LOCAL_LIST_DOMAIN = 'lists.localhost';

/** The settings of a wiki without `.feuillet.yml`. */
export function defaultWikiSettings(defaults: { name: string }): WikiSettings {
  return parseWikiSettings('', '.feuillet.yml', defaults).settings;
}

/** A wiki name as the local part of an address: `Références` → `References`, spaces as dashes. */
function mailboxName(name: string): string {
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9._+-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return ascii.slice(0, 64) || 'wiki';
}
