import { LRUCache } from 'lru-cache';
import { formatProblem } from '../config/problems.js';
import { parseWikiSettings, type WikiSettings } from '../config/wiki-settings.js';
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
  private followed: Revision;
  private following: { revision: Revision; done: Promise<void> } | undefined;

  constructor(
    private readonly source: ContentSource,
    /** Defaults that come from outside the file: the name is the repository folder's. */
    private readonly defaults: { name: string },
    first: { revision: Revision; read: RevisionSettings },
  ) {
    this.newest = first.read;
    this.followed = first.revision;
    this.byRevision.set(first.revision, Promise.resolve(first.read));
  }

  /** Reads the settings of the revision the wiki is opened at. */
  static async open(source: ContentSource, defaults: { name: string }, revision: Revision): Promise<WikiSettingsReader> {
    const read = parse((await source.settingsText(revision)) ?? '', defaults);
    return new WikiSettingsReader(source, defaults, { revision, read });
  }

  /** The settings of a revision. */
  at(revision: Revision): Promise<RevisionSettings> {
    let read = this.byRevision.get(revision);
    if (!read) {
      read = this.source.settingsText(revision).then((text) => this.parsed(text ?? ''));
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

  /** Whether `revision` is the one the current settings come from. */
  follows(revision: Revision): boolean {
    return revision === this.followed;
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
        this.followed = revision;
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
  return { settings, problems: problems.map(formatProblem) };
}
