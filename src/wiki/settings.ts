import { LRUCache } from 'lru-cache';
import { formatProblem } from '../config/problems.js';
import { LEGAL_PAGE_KINDS, LEGAL_PAGE_SETTINGS, type LegalPageKind, parseWikiSettings, type WikiSettings } from '../config/wiki-settings.js';
import type { WikiPath } from './path.js';
import type { Revision } from './revision.js';
import type { ContentSource } from './source.js';

export const SETTINGS_FILE = '.feuillet.yml';

/** The settings of one revision, and what is wrong in its `.feuillet.yml` (`file:line: message`). */
export interface RevisionSettings {
  readonly settings: WikiSettings;
  readonly problems: readonly string[];
}

/**
 * The wiki settings of each revision: they travel with the content, so a commit that changes
 * `.feuillet.yml` changes them. Read once per revision and parsed once per content of the file, so asking
 * on every request costs a map lookup. Lenient: a bad file gives problems and defaults, never an error.
 */
export class WikiSettingsReader {
  private readonly byRevision = new WeakMap<Revision, Promise<RevisionSettings>>();
  private readonly byText = new LRUCache<string, RevisionSettings>({ max: 16 });
  private newest: RevisionSettings;
  #followed: Revision;
  private following: { revision: Revision; done: Promise<void> } | undefined;

  constructor(
    private readonly source: ContentSource,
    /** Defaults that come from outside the file: the name is the repository folder's. */
    private readonly defaults: { name: string },
    first: { revision: Revision; read: RevisionSettings },
  ) {
    this.newest = first.read;
    this.#followed = first.revision;
    this.byRevision.set(first.revision, Promise.resolve(first.read));
  }

  /** Reads the settings of the revision the wiki is opened at. */
  static async open(source: ContentSource, defaults: { name: string }, revision: Revision): Promise<WikiSettingsReader> {
    const read = withLegalPagesOf(revision, parse((await source.settingsText(revision)) ?? '', defaults));
    return new WikiSettingsReader(source, defaults, { revision, read });
  }

  /** The settings of a revision. */
  at(revision: Revision): Promise<RevisionSettings> {
    let read = this.byRevision.get(revision);
    if (!read) {
      read = this.source.settingsText(revision).then((text) => withLegalPagesOf(revision, this.parsed(text ?? '')));
      this.byRevision.set(revision, read);
      // A failed read (git killed…) is tried again by the next caller.
      read.catch(() => this.byRevision.delete(revision));
    }
    return read;
  }

  /** The settings of the newest revision followed: what the live wiki shows now. */
  get current(): RevisionSettings {
    return this.newest;
  }

  /** The revision the current settings come from. */
  get followed(): Revision {
    return this.#followed;
  }

  /** Whether `revision` is the one the current settings come from. */
  follows(revision: Revision): boolean {
    return revision === this.#followed;
  }

  /**
   * Makes the settings of `revision`, the wiki's newest, the current ones. A revision followed later wins
   * over one still being read; when the file cannot be read, the current settings stay.
   */
  follow(revision: Revision): Promise<void> {
    if (this.follows(revision)) return Promise.resolve();
    if (this.following?.revision === revision) return this.following.done;
    const done = this.at(revision).then(
      (read) => {
        if (this.following?.revision !== revision) return;
        this.following = undefined;
        this.#followed = revision;
        this.newest = read;
      },
      () => {
        if (this.following?.revision === revision) this.following = undefined;
      },
    );
    this.following = { revision, done };
    return done;
  }

  private parsed(text: string): RevisionSettings {
    let read = this.byText.get(text);
    if (!read) {
      read = parse(text, this.defaults);
      this.byText.set(text, read);
    }
    return read;
  }
}

function parse(text: string, defaults: { name: string }): RevisionSettings {
  const { settings, problems } = parseWikiSettings(text, SETTINGS_FILE, defaults);
  return { settings, problems: problems.map((problem) => formatProblem(problem)) };
}

/**
 * The settings as they hold at `revision`: a legal page named in the settings that this revision does
 * not have is left out (Feuillet's own page stays in use) and said as a problem. The same object when
 * every named page is there, so what is worked out from the settings is not made again.
 */
function withLegalPagesOf(revision: Revision, read: RevisionSettings): RevisionSettings {
  const { pages } = read.settings.legal;
  const missing = LEGAL_PAGE_KINDS.filter((kind) => {
    const path = pages[kind];
    return path !== undefined && !revision.files.has(path as WikiPath);
  });
  if (missing.length === 0) return read;
  const kept = Object.fromEntries(Object.entries(pages).filter(([kind]) => !missing.includes(kind as LegalPageKind)));
  const problems = missing.map((kind) => {
    const key = LEGAL_PAGE_SETTINGS[kind];
    const path = JSON.stringify(pages[kind]);
    return `${SETTINGS_FILE}: ${key} ${path} n’est pas une page du wiki : la page de Feuillet /-/${kind} reste en place / ${key} ${path} is no page of the wiki: Feuillet’s page /-/${kind} stays`;
  });
  return { settings: { ...read.settings, legal: { ...read.settings.legal, pages: kept } }, problems: [...read.problems, ...problems] };
}
