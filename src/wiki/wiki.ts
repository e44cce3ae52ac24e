import { LRUCache } from 'lru-cache';
import type { CommitInfo, ReadPriority } from '../git/index.js';
import type { FrontMatterProblem } from '../render/front-matter.js';
import { splitFrontMatter } from '../render/front-matter.js';
import { parsePage, renderPage, RENDERER_VERSION } from '../render/markdown.js';
import type { ParsedPage, TocEntry, WrittenLink } from '../render/page-model.js';
import type { RenderedLink } from '../render/render-env.js';
import { buildToc } from '../render/toc.js';
import { createHash } from 'node:crypto';
import { DataFiles } from './data-files.js';
import { resolveLink, type BrokenReason, type LinkResolution } from './links.js';
import { ancestorsOf, isMarkdown, type WikiPath } from './path.js';
import { folderIndex, isFolderIndex, type Revision, type WikiFile } from './revision.js';
import type { ContentSource } from './source.js';
import type { RevisionSettings, WikiSettingsReader } from './settings.js';
import { gollumTitle, isSpecialPage } from './gollum.js';
import { defaultTitle } from './titles.js';
import { pageUrl } from './urls.js';

/** Texts the rendered page carries, in the reader's language (the caller takes them from its catalogue). */
export interface PageLabels {
  lang: 'fr' | 'en';
  headingAnchor: string;
  broken: Record<BrokenReason, string>;
  /** For writers in the live server: a link to a missing page leads to the form that creates it. */
  createMissing?: { href(wanted: WikiPath): string; title: string };
}

export interface WikiOptions {
  source: ContentSource;
  siteTitle: string;
  /** Prefix of every internal URL ('' at the root of a host). */
  basePath: string;
  oldUrls: readonly string[];
  /** Pages larger than this are shown as a notice instead of being rendered. */
  maxPageBytes: number;
  /** 'gollum' for GitHub/Gollum wikis: `[[links]]`, titles from file names, `_Sidebar` and `_Footer`. */
  format: WikiFormat;
  /** The settings of each revision (`.feuillet.yml`): `revision()` makes those of the newest current. */
  settings?: WikiSettingsReader;
  /**
   * How many parses and rendered bodies are kept. The server keeps many (pages are read again and again);
   * a build renders each page once, and kept parses would make its memory grow with the wiki.
   */
  caches?: { parses: number; renders: number };
  /** What the static build already knows of every page. */
  known?: KnownPages;
}

export type WikiFormat = 'plain' | 'gollum';

/**
 * What is already known of a wiki's pages, asked before one is read. The static build learns every
 * page's facts and last change in one pass over the wiki and gives them to the `Wiki` it renders with, so
 * that the same code renders a page for the server and for the site. Each answer may be undefined: "not
 * known here", and the wiki reads the page as usual.
 */
export interface KnownPages {
  /** A page's parse, enough for what is asked of it (no tokens when it will not be rendered). */
  parsed?(file: WikiFile): ParsedPage | Unrenderable | undefined;
  anchors?(file: WikiFile): ReadonlySet<string> | undefined;
  /** Title and description as the front matter writes them. */
  head?(file: WikiFile): { title?: string; description?: string } | undefined;
  /** When given, the last changes come from here alone. */
  lastChange?(file: WikiFile): CommitInfo | undefined;
  /** How a page's links resolve, `resolve` being the wiki's own way for those not known here. */
  links?(revision: Revision, page: WikiPath, links: readonly WrittenLink[], resolve: (links: readonly WrittenLink[]) => Promise<Map<string, LinkResolution>>): Promise<Map<string, LinkResolution>>;
}

export type Unrenderable = 'binary' | 'too-large';

export interface PageResult {
  file: WikiFile;
  url: string;
  title: string;
  description?: string;
  lang?: string;
  /** The rendered body, or why it could not be rendered. */
  body: { kind: 'html'; html: string } | { kind: 'unrenderable'; reason: Unrenderable };
  toc?: TocEntry[];
  problems: FrontMatterProblem[];
  links: { written: WrittenLink; resolution: LinkResolution }[];
  isFolderIndex: boolean;
}

/**
 * The wiki as readers see it: pages parsed once per content id, links resolved against the revision,
 * rendered HTML cached by content (page bytes, how its links resolve, language), never invalidated by hand.
 */
export class Wiki {
  private readonly parsed: LRUCache<string, ParsedPage>;
  private readonly heads = new LRUCache<string, { title?: string; description?: string }>({ max: 50_000 });
  private readonly anchors = new LRUCache<string, ReadonlySet<string>>({ max: 50_000 });
  private readonly rendered: LRUCache<string, string>;

  /** Calendars and tables of data, for pages that embed them and for their own pages. */
  readonly data: DataFiles;

  constructor(readonly options: WikiOptions) {
    this.data = new DataFiles(options.source, options.basePath);
    const caches = options.caches ?? { parses: 2_000, renders: 10_000 };
    this.parsed = new LRUCache({ max: caches.parses });
    this.rendered = new LRUCache({ max: caches.renders });
  }

  get source(): ContentSource {
    return this.options.source;
  }

  async revision(): Promise<Revision> {
    const revision = await this.options.source.current();
    const settings = this.options.settings;
    if (settings && !settings.follows(revision)) await settings.follow(revision);
    return revision;
  }

  /** The wiki settings of a revision; undefined for a wiki made without them (a build's render worker). */
  settings(revision: Revision): Promise<RevisionSettings> | undefined {
    return this.options.settings?.at(revision);
  }

  private async text(file: WikiFile, priority?: ReadPriority): Promise<string | Unrenderable> {
    if (file.size > this.options.maxPageBytes) return 'too-large';
    const bytes = await this.options.source.read(file, priority);
    if (bytes.includes(0)) return 'binary';
    return bytes.toString('utf8');
  }

  /** Parses depend on the content and on the wiki's family (`[[links]]` or not), which a commit may change. */
  private parseKey(file: WikiFile): string {
    return `${this.options.format}|${file.id}`;
  }

  async parse(file: WikiFile, priority?: ReadPriority): Promise<ParsedPage | Unrenderable> {
    const known = this.options.known?.parsed?.(file);
    if (known) return known;
    const key = this.parseKey(file);
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const text = await this.text(file, priority);
    if (text === 'binary' || text === 'too-large') return text;
    const parsed = parsePage(text, { wikiLinks: this.options.format === 'gollum' });
    this.parsed.set(key, parsed);
    this.anchors.set(key, parsed.anchors);
    return parsed;
  }

  async anchorsOf(revision: Revision, path: WikiPath): Promise<ReadonlySet<string>> {
    const file = revision.files.get(path);
    if (!file) return new Set();
    const cached = this.options.known?.anchors?.(file) ?? this.anchors.get(this.parseKey(file));
    if (cached) return cached;
    const parsed = await this.parse(file);
    return typeof parsed === 'string' ? new Set() : parsed.anchors;
  }

  /** Title and description from the front matter alone: navigation needs them for many pages at once. */
  async head(file: WikiFile): Promise<{ title: string; description?: string }> {
    let head = this.options.known?.head?.(file) ?? this.heads.get(file.id);
    if (!head) {
      const text = await this.text(file);
      head = text === 'binary' || text === 'too-large' ? {} : splitFrontMatter(text).frontMatter;
      this.heads.set(file.id, head);
    }
    const title = head.title || this.defaultTitle(file.path);
    return head.description ? { title, description: head.description } : { title };
  }

  async titleOf(revision: Revision, path: WikiPath): Promise<string> {
    const file = revision.files.get(path);
    return file ? (await this.head(file)).title : this.defaultTitle(path);
  }

  /** A page's title when its front matter has none. */
  defaultTitle(path: WikiPath): string {
    return this.options.format === 'gollum' ? gollumTitle(path) : defaultTitle(path, this.options.siteTitle);
  }

  /** Whether a page is shown around others (`_Sidebar`…) rather than listed as a page. */
  isListed(path: WikiPath): boolean {
    return !(this.options.format === 'gollum' && isSpecialPage(path));
  }

  /** The nearest `_Sidebar.md` or `_Footer.md` above a page (Gollum looks up the folders), if any. */
  specialPage(revision: Revision, path: WikiPath, name: '_Sidebar' | '_Footer'): WikiFile | undefined {
    if (this.options.format !== 'gollum') return undefined;
    for (const folder of [...ancestorsOf(path)].reverse()) {
      const file = revision.files.get((folder === '' ? `${name}.md` : `${folder}/${name}.md`) as WikiPath);
      if (file) return file;
    }
    return undefined;
  }

  resolveLinks(revision: Revision, page: WikiPath, links: readonly WrittenLink[]): Promise<Map<string, LinkResolution>> {
    const resolve = (some: readonly WrittenLink[]) => this.resolveEach(revision, page, some);
    return this.options.known?.links ? this.options.known.links(revision, page, links, resolve) : resolve(links);
  }

  private async resolveEach(revision: Revision, page: WikiPath, links: readonly WrittenLink[]): Promise<Map<string, LinkResolution>> {
    const resolutions = new Map<string, LinkResolution>();
    const source = this.options.source;
    const ctx = {
      revision,
      page,
      anchorsOf: (p: WikiPath) => this.anchorsOf(revision, p),
      basePath: this.options.basePath,
      oldUrls: this.options.oldUrls,
      repositoryHas: (repoPath: string) => source.repositoryHas(revision, repoPath),
      root: source.root,
    };
    for (const link of links) {
      if (!resolutions.has(link.href)) resolutions.set(link.href, await resolveLink(link.href, ctx));
    }
    return resolutions;
  }

  async page(revision: Revision, file: WikiFile, labels: PageLabels): Promise<PageResult> {
    const folderIndexPage = isFolderIndex(revision, file.path);
    const base = {
      file,
      url: this.options.basePath + pageUrl(file.path, folderIndexPage),
      isFolderIndex: folderIndexPage,
    };
    const parsed = await this.parse(file);
    if (typeof parsed === 'string') {
      return { ...base, title: this.defaultTitle(file.path), body: { kind: 'unrenderable', reason: parsed }, problems: [], links: [] };
    }
    return this.renderParsed(revision, file, parsed, labels, base);
  }

  /**
   * A text not yet committed (the editor's preview) rendered as the page at `path` would be, links
   * resolved against `revision`: the same renderer and caches as published pages.
   */
  async preview(revision: Revision, path: WikiPath, text: string, labels: PageLabels): Promise<PageResult> {
    const id = `preview:${createHash('sha1').update(text).digest('hex')}`;
    const file: WikiFile = { path, sourcePath: path, id, size: Buffer.byteLength(text) };
    const folderIndexPage = isFolderIndex(revision, path);
    const base = { file, url: this.options.basePath + pageUrl(path, folderIndexPage), isFolderIndex: folderIndexPage };
    const parsed = parsePage(text, { wikiLinks: this.options.format === 'gollum' });
    return this.renderParsed(revision, file, parsed, labels, base);
  }

  private async renderParsed(revision: Revision, file: WikiFile, parsed: ParsedPage, labels: PageLabels, base: Pick<PageResult, 'file' | 'url' | 'isFolderIndex'>): Promise<PageResult> {
    const resolutions = await this.resolveLinks(revision, file.path, parsed.links);
    const rendered = new Map<string, RenderedLink>();
    for (const [href, r] of resolutions) {
      const create = r.kind === 'broken' && r.wanted !== undefined ? labels.createMissing : undefined;
      if (create && r.kind === 'broken' && r.wanted !== undefined) rendered.set(href, { state: 'broken', href: create.href(r.wanted), title: create.title, create: true });
      else rendered.set(href, r.kind === 'broken' ? { state: 'broken', href: r.href, title: labels.broken[r.reason] } : { state: r.kind, href: r.href });
    }
    const embedded = new Map<string, string | undefined>();
    const now = new Date();
    for (const placed of parsed.embeds) {
      if (!('request' in placed)) continue;
      const request = JSON.stringify(placed.request);
      if (!embedded.has(request)) embedded.set(request, await this.data.embed(revision, file.path, placed.request, labels.lang, now));
    }
    // What embeds show changes with other files and with time: their output is part of the key.
    const embedDigest = embedded.size === 0 ? '' : createHash('sha1').update(JSON.stringify([...embedded])).digest('hex');
    const key = `${RENDERER_VERSION}|${this.parseKey(file)}|${labels.lang}|${embedDigest}|${JSON.stringify([...rendered])}`;
    let html = this.rendered.get(key);
    if (html === undefined) {
      html = renderPage(parsed, {
        links: rendered,
        labels: { headingAnchor: labels.headingAnchor },
        lang: labels.lang,
        embed: (request) => embedded.get(JSON.stringify(request)),
      });
      this.rendered.set(key, html);
    }
    const fm = parsed.frontMatter;
    const result: PageResult = {
      ...base,
      title: fm.title || this.defaultTitle(file.path),
      body: { kind: 'html', html },
      problems: parsed.problems,
      links: parsed.links.map((written) => ({ written, resolution: resolutions.get(written.href) ?? { kind: 'external', href: written.href } })),
    };
    if (fm.description) result.description = fm.description;
    if (fm.lang) result.lang = fm.lang;
    if (fm.toc !== false && parsed.headings.length > 0) result.toc = buildToc(parsed.headings);
    return result;
  }

  lastChange(revision: Revision, file: WikiFile): Promise<CommitInfo | undefined> {
    const known = this.options.known;
    return known?.lastChange ? Promise.resolve(known.lastChange(file)) : this.options.source.lastChange(revision, file);
  }

  /** The page that stands for a folder, if it has one. */
  folderPage(revision: Revision, folder: WikiPath): WikiFile | undefined {
    return folderIndex(revision, folder);
  }

  /** Every Markdown page of the revision. */
  pages(revision: Revision): WikiFile[] {
    return [...revision.files.values()].filter((f) => isMarkdown(f.path));
  }
}
