import type { CommitInfo } from '../git/index.js';
import type { ParsedPage, WrittenLink } from '../render/page-model.js';
import type { LinkResolution } from '../wiki/links.js';
import type { WikiPath } from '../wiki/path.js';
import type { Revision, WikiFile } from '../wiki/revision.js';
import type { ContentSource } from '../wiki/source.js';
import type { KnownPages, Unrenderable } from '../wiki/wiki.js';
import { parsedFromFacts, type PageFacts } from './page-facts.js';

/** What every page of a build may ask about the others, gathered once: facts by blob id, last changes by path. */
export interface BuildTables {
  facts: ReadonlyMap<string, PageFacts>;
  changes: ReadonlyMap<WikiPath, CommitInfo>;
}

/**
 * What a build knows of every page, given to the same `Wiki` the server uses (so that `pageDocument`
 * renders exactly what the server serves): titles, anchors and last changes come from tables filled once
 * for the whole site instead of reading and parsing each link target again in every thread. No parse is
 * kept between the two passes: a page's tokens weigh some 150 KB, and kept for the whole wiki they made
 * the build's memory grow with it.
 */
export class BuildKnowledge implements KnownPages {
  private readonly anchorSets = new Map<string, ReadonlySet<string>>();
  private readonly resolved = new Map<string, Map<string, LinkResolution>>();
  /** Links the last build resolved the slow way (see `slowResolutions`), still valid for this revision. */
  private readonly remembered = new Map<WikiPath, Map<string, LinkResolution>>();

  constructor(
    private tables: BuildTables,
    /** The main thread only checks links: it answers `parsed` from the facts and never reads a page. */
    private readonly factsOnly: boolean,
  ) {}

  setTables(tables: BuildTables): void {
    this.tables = tables;
    this.anchorSets.clear();
    this.resolved.clear();
  }

  parsed(file: WikiFile): ParsedPage | Unrenderable | undefined {
    const facts = this.factsOnly ? this.tables.facts.get(file.id) : undefined;
    return facts && parsedFromFacts(facts);
  }

  anchors(file: WikiFile): ReadonlySet<string> | undefined {
    let anchors = this.anchorSets.get(file.id);
    if (!anchors) {
      const facts = this.tables.facts.get(file.id);
      if (!facts) return undefined;
      anchors = new Set(facts.kind === 'page' ? facts.anchors : []);
      this.anchorSets.set(file.id, anchors);
    }
    return anchors;
  }

  head(file: WikiFile): { title?: string; description?: string } | undefined {
    const facts = this.tables.facts.get(file.id);
    if (!facts) return undefined;
    return facts.kind === 'page' ? facts : {};
  }

  lastChange(file: WikiFile): CommitInfo | undefined {
    return this.tables.changes.get(file.path);
  }

  remember(page: WikiPath, resolutions: Iterable<[string, LinkResolution]>): void {
    this.remembered.set(page, new Map(resolutions));
  }

  /**
   * The resolutions that cost a search through every file of the wiki (links that lead nowhere, or that
   * were taken to mean another file): kept in the manifest so that the next build, if no path was added or
   * removed, need not search again.
   */
  slowResolutions(revision: Revision): Record<string, [string, LinkResolution][]> {
    const slow: Record<string, [string, LinkResolution][]> = {};
    const prefix = `${revision.id}\0`;
    for (const [key, resolutions] of this.resolved) {
      if (!key.startsWith(prefix)) continue;
      const entries = [...resolutions].filter(([, r]) => r.kind === 'broken' || (r.kind === 'internal' && r.note !== undefined));
      if (entries.length > 0) slow[key.slice(prefix.length)] = entries;
    }
    return slow;
  }

  /** Links of a page as the main thread resolved them: a render thread does not resolve them again. */
  giveResolutions(revision: Revision, page: WikiPath, resolutions: Map<string, LinkResolution>): void {
    this.resolved.set(`${revision.id}\0${page}`, resolutions);
  }

  forgetResolutions(revision: Revision, page: WikiPath): void {
    this.resolved.delete(`${revision.id}\0${page}`);
  }

  /** Resolved once per page and build: the plan, `check` and the render all ask. */
  async links(revision: Revision, page: WikiPath, links: readonly WrittenLink[], resolve: (links: readonly WrittenLink[]) => Promise<Map<string, LinkResolution>>): Promise<Map<string, LinkResolution>> {
    const key = `${revision.id}\0${page}`;
    let resolutions = this.resolved.get(key);
    if (!resolutions) {
      const remembered = this.remembered.get(page);
      const fresh = await resolve(remembered ? links.filter((l) => !remembered.has(l.href)) : links);
      // In the links' order, as a resolution from scratch: keys made from them must not depend on the cache.
      resolutions = new Map();
      for (const link of links) {
        const resolution = remembered?.get(link.href) ?? fresh.get(link.href);
        if (resolution && !resolutions.has(link.href)) resolutions.set(link.href, resolution);
      }
      if (this.factsOnly) this.resolved.set(key, resolutions);
    }
    return resolutions;
  }
}

/**
 * The content a render thread reads: only the pages the main thread sent it, already read through the one
 * `git cat-file --batch`. Everything else a render needs comes from the build tables.
 */
export class SentBlobs implements ContentSource {
  readonly kind = 'git';
  readonly label = 'build';
  readonly defaultDataDir = '';
  private readonly blobs = new Map<string, Buffer>();
  /** Files any page may show (embedded calendars and tables, Gollum sidebars): sent once, kept. */
  private readonly shared: ReadonlyMap<string, Buffer>;

  constructor(
    private readonly revision: Revision,
    readonly root: string,
    private readonly repositoryPaths: ReadonlySet<string>,
    shared: Iterable<[string, Buffer]>,
  ) {
    this.shared = new Map(shared);
  }

  put(id: string, bytes: Buffer): void {
    this.blobs.set(id, bytes);
  }

  drop(id: string): void {
    this.blobs.delete(id);
  }

  current(): Promise<Revision> {
    return Promise.resolve(this.revision);
  }

  read(file: WikiFile): Promise<Buffer> {
    const bytes = this.blobs.get(file.id) ?? this.shared.get(file.id);
    return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`blob ${file.id} (${file.path}) was not sent to this thread`));
  }

  settingsText(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  lastChange(): Promise<CommitInfo | undefined> {
    return Promise.resolve(undefined);
  }

  lastChanges(): Promise<Map<WikiFile, CommitInfo>> {
    return Promise.resolve(new Map());
  }

  repositoryFile(): Promise<Buffer | undefined> {
    return Promise.resolve(undefined);
  }

  repositoryHas(_revision: Revision, repoPath: string): boolean {
    return this.repositoryPaths.has(repoPath.normalize('NFC'));
  }

  close(): Promise<void> {
    this.blobs.clear();
    return Promise.resolve();
  }
}
