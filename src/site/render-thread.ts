import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommitInfo } from '../git/index.js';
import { indexedPage } from '../search/site-search.js';
import { staticSearchText, type StaticSearchText } from '../search/static-index.js';
import type { Lang } from '../views/messages.js';
import type { Backlink } from '../wiki/backlinks.js';
import type { LinkResolution } from '../wiki/links.js';
import type { WikiPath } from '../wiki/path.js';
import { buildRevision, type Revision, type SourceEntry, type WikiFile } from '../wiki/revision.js';
import { folderDocument, pageDocument, type Publication } from '../pages/documents.js';
import { BuildKnowledge, SentBlobs } from './build-knowledge.js';
import { failedDocument } from './failed-page.js';
import { factsOf, type PageFacts } from './page-facts.js';
import { Wiki, type WikiFormat } from '../wiki/wiki.js';

/** Everything a render thread needs to stand up the same wiki the main thread reads. */
export interface ThreadSetup {
  site: Publication['site'];
  contact?: string;
  format: WikiFormat;
  /** Blobs every page may show: calendars and tables it embeds, Gollum sidebars and footers. */
  shared: [string, Uint8Array][];
  lang: Lang;
  revisionId: string;
  entries: SourceEntry[];
  root: string;
  repositoryPaths: string[];
  siteTitle: string;
  oldUrls: string[];
  maxPageBytes: number;
  /** The folder outputs are written to. */
  staging: string;
}

export interface SentPage {
  id: string;
  path: WikiPath;
  bytes: Uint8Array;
  /** Where the page's source goes, written by the thread that has its bytes (not read from git again). */
  sourceDisk?: string;
}

/** A small file written beside a page by the thread that renders it (its `.md` redirect), spreading the writes. */
export interface BesideFile {
  disk: string;
  content: string;
}

export type RenderJob =
  | { kind: 'page'; path: WikiPath; disk: string; bytes: Uint8Array; links: [string, LinkResolution][]; backlinks: Backlink[]; beside: BesideFile[] }
  | { kind: 'folder'; folder: WikiPath; disk: string };

export type ThreadRequest =
  | { type: 'setup'; setup: ThreadSetup }
  | { type: 'parse'; pages: SentPage[] }
  | { type: 'tables'; facts: [string, PageFacts][]; changes: [WikiPath, CommitInfo][] }
  | { type: 'render'; jobs: RenderJob[] };

export type ThreadReply =
  | { type: 'ok' }
  | { type: 'facts'; facts: [string, PageFacts][]; texts: [string, StaticSearchText][] }
  | { type: 'rendered'; count: number; failed: RenderFailure[] };

/** A page or listing whose rendering threw: it is written as an error page and reported, the build goes on. */
export interface RenderFailure {
  disk: string;
  path: string;
  message: string;
}

/** Bytes arrive as Uint8Array (structured clone); reading them as a Buffer copies nothing. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * One renderer: a worker thread runs it behind messages, or the main thread calls it directly for small wikis.
 * It parses the pages it is sent for their facts, learns the facts of every page, then renders the pages
 * it is sent (their bytes sent again) with `pageDocument` / `folderDocument` and writes them into the staging folder.
 */
export class RenderThread {
  private wiki: Wiki | undefined;
  private known: BuildKnowledge | undefined;
  private source: SentBlobs | undefined;
  private revision: Revision | undefined;
  private setup: ThreadSetup | undefined;
  private readonly madeFolders = new Set<string>();

  /** In the main thread, the revision already read is used as is instead of being built again. */
  constructor(private readonly given?: Revision) {}

  async handle(request: ThreadRequest): Promise<ThreadReply> {
    switch (request.type) {
      case 'setup':
        this.start(request.setup);
        return { type: 'ok' };
      case 'parse':
        return { type: 'facts', ...(await this.parse(request.pages)) };
      case 'tables':
        this.ready().known.setTables({ facts: new Map(request.facts), changes: new Map(request.changes) });
        return { type: 'ok' };
      case 'render':
        return { type: 'rendered', count: request.jobs.length, failed: await this.render(request.jobs) };
    }
  }

  private start(setup: ThreadSetup): void {
    this.setup = setup;
    this.revision = this.given ?? buildRevision(setup.revisionId, setup.entries);
    const shared = setup.shared.map(([id, bytes]): [string, Buffer] => [id, asBuffer(bytes)]);
    this.source = new SentBlobs(this.revision, setup.root, new Set(setup.repositoryPaths), shared);
    this.known = new BuildKnowledge({ facts: new Map(), changes: new Map() }, false);
    this.wiki = new Wiki({
      source: this.source,
      siteTitle: setup.siteTitle,
      basePath: setup.site.basePath,
      oldUrls: setup.oldUrls,
      maxPageBytes: setup.maxPageBytes,
      format: setup.format,
      // Each page is parsed for its facts, then again for its render, once all facts are known: nothing to cache.
      caches: { parses: 1, renders: 1 },
      known: this.known,
    });
  }

  private ready(): { wiki: Wiki; known: BuildKnowledge; source: SentBlobs; revision: Revision; setup: ThreadSetup } {
    if (!this.wiki || !this.known || !this.source || !this.revision || !this.setup) throw new Error('render thread used before setup');
    return { wiki: this.wiki, known: this.known, source: this.source, revision: this.revision, setup: this.setup };
  }

  private fileAt(path: WikiPath): WikiFile {
    const file = this.ready().revision.files.get(path);
    if (!file) throw new Error(`no page ${path} in this revision`);
    return file;
  }

  /** The facts of each page, and its words for the static search while its bytes are here. */
  private async parse(pages: SentPage[]): Promise<{ facts: [string, PageFacts][]; texts: [string, StaticSearchText][] }> {
    const { wiki, source } = this.ready();
    const facts: [string, PageFacts][] = [];
    const texts: [string, StaticSearchText][] = [];
    for (const page of pages) {
      const file = this.fileAt(page.path);
      source.put(file.id, asBuffer(page.bytes));
      if (page.sourceDisk !== undefined) this.write(page.sourceDisk, page.bytes);
      facts.push([file.id, factsOf(await wiki.parse(file))]);
      texts.push([file.id, staticSearchText(await indexedPage(wiki, file))]);
      source.drop(file.id);
    }
    return { facts, texts };
  }

  private async render(jobs: RenderJob[]): Promise<RenderFailure[]> {
    const { wiki, known, source, revision, setup } = this.ready();
    const publication: Publication = { wiki, site: setup.site };
    if (setup.contact !== undefined) publication.contact = setup.contact;
    const failed: RenderFailure[] = [];
    for (const job of jobs) {
      let html: string;
      try {
        if (job.kind === 'page') {
          const file = this.fileAt(job.path);
          source.put(file.id, asBuffer(job.bytes));
          known.giveResolutions(revision, file.path, new Map(job.links));
          for (const beside of job.beside) this.write(beside.disk, beside.content);
          try {
            html = (await pageDocument(publication, revision, file, setup.lang, { backlinks: job.backlinks })).html;
          } finally {
            known.forgetResolutions(revision, file.path);
            source.drop(file.id);
          }
        } else {
          html = await folderDocument(publication, revision, job.folder, setup.lang);
        }
      } catch (error) {
        failed.push({ disk: job.disk, path: job.kind === 'page' ? job.path : job.folder, message: error instanceof Error ? error.message : String(error) });
        html = failedDocument(publication, setup.lang);
      }
      this.write(job.disk, html);
    }
    return failed;
  }

  private write(disk: string, html: string | Uint8Array): void {
    const target = join(this.ready().setup.staging, disk);
    const folder = dirname(target);
    if (!this.madeFolders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.madeFolders.add(folder);
    }
    writeFileSync(target, html);
  }
}
