import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommitInfo } from '../git/index.js';
import { indexedPage } from '../search/site-search.js';
import { staticSearchText, type StaticSearchText } from '../search/static-index.js';
import { RENDERER_VERSION } from '../render/markdown.js';
import { checkWiki } from '../wiki/check.js';
import { GitSource } from '../wiki/git-source.js';
import type { LinkResolution } from '../wiki/links.js';
import { openWiki, type OpenOptions } from '../wiki/open.js';
import { isCalendar, isDataTable } from '../wiki/data-files.js';
import { isMarkdown, type WikiPath } from '../wiki/path.js';
import type { WikiFile } from '../wiki/revision.js';
import { Wiki } from '../wiki/wiki.js';
import { backlinksTable } from './backlinks-table.js';
import { BuildKnowledge } from './build-knowledge.js';
import { codeVersion } from './code-version.js';
import { contentDigest, digest, outputKeys } from './dependencies.js';
import { checkAttachment, extensionOf } from '../edit/attachment-check.js';
import { emptyManifest, MANIFEST_NAME, manifestText, readManifest, type BuildProblem, type Manifest } from './manifest.js';
import type { PageFacts } from './page-facts.js';
import { planSite, type Output, type SitePlan } from './plan.js';
import { publicationOf } from '../pages/publication.js';
import { commitInPlace, commitSwap, linkOrCopy, makeStaging, recover } from './publish.js';
import { redirectPage } from './redirects.js';
import { readPages, RenderPool, type BlobReader } from './render-pool.js';
import type { BesideFile, ThreadSetup } from './render-thread.js';
import type { SearchSources, SiteContext, SiteFile } from './site-file.js';
import { SITE_FILES } from './site-files.js';
import { UserError } from '../user-error.js';

export interface BuildOptions {
  /** Which wiki: repository, sub-folder, branch. */
  wiki: OpenOptions;
  outDir: string;
  /** Where the site will be published (`https://example.org/wiki/`): its path prefixes every URL. */
  baseUrl?: string;
  /** Feuillet's stylesheet and script, and their version as pages ask for them. */
  assets: ReadonlyMap<string, { body: Buffer }>;
  assetsVersion: string;
  /** Worker threads; by default one per core for big builds (the main thread then renders nothing), none for small ones. */
  threads?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** Stops the build between batches; the output folder is then left as it was. */
  signal?: AbortSignal;
}

export interface BuildProgress {
  phase: 'read' | 'render';
  done: number;
  total: number;
}

export interface BuildReport {
  commit: string;
  pages: number;
  attachments: number;
  problems: BuildProblem[];
  /** Pages and listings rendered by this build (0 when nothing changed). */
  rendered: number;
  /** Files written or replaced, and deleted. */
  written: number;
  deleted: number;
  /** True when the site was already up to date and nothing was written. */
  unchanged: boolean;
  /** Seconds spent in each step, in order (`feuillet build --timings`): where the time goes. */
  steps: [step: string, seconds: number][];
}

class StepClock {
  readonly steps: [string, number][] = [];
  private last = performance.now();
  lap(step: string): void {
    const now = performance.now();
    this.steps.push([step, (now - this.last) / 1000]);
    this.last = now;
  }
}

/** A build the user asked for that cannot be made. */
export class BuildError extends UserError {}

const LARGE_CHANGE = 0.25;
const BATCH = 48;

function basePathOf(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return '';
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new BuildError(`--base-url doit être une adresse complète (https://…) : ${baseUrl}`, `--base-url must be a full URL (https://…): ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BuildError(`--base-url doit commencer par https:// : ${baseUrl}`, `--base-url must start with https://: ${baseUrl}`);
  return url.pathname.replace(/\/+$/, '');
}

function checkOutDir(outDir: string, manifest: Manifest | undefined): void {
  if (!existsSync(outDir) || manifest) return;
  if (readdirSync(outDir).length > 0) {
    throw new BuildError(
      `${outDir} n'est pas vide et n'a pas été construit par Feuillet : choisissez un autre dossier`,
      `${outDir} is not empty and was not built by Feuillet: choose another folder`,
    );
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BuildError('Construction interrompue', 'build interrupted');
}

/**
 * `feuillet build`: the wiki as a static site in `outDir`, the same pages the server serves. Only what
 * changed since the last build is rendered and written; the folder always holds a complete site.
 */
export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  const clock = new StepClock();
  const basePath = basePathOf(options.baseUrl);
  const opened = await openWiki({ ...options.wiki, basePath });
  let closePool = () => Promise.resolve();
  let staging: string | undefined;
  try {
    const { wiki: readingWiki, settings, source } = opened;
    const revision = await readingWiki.revision();
    clock.lap('revision');
    const publication = publicationOf(opened, { basePath, assetsVersion: options.assetsVersion });
    const lang = settings.language;
    const { format } = readingWiki.options;
    // Gollum sidebars and footers show on many pages: any change to one rebuilds every page.
    const shownEverywhere = [...revision.files.values()].filter((f) => isMarkdown(f.path) && !readingWiki.isListed(f.path));
    const dataFiles = [...revision.files.values()].filter((f) => isCalendar(f.path) || isDataTable(f.path));
    const global = digest(
      format,
      ...shownEverywhere.map((f) => `${f.path}\0${f.id}`),
      publication.contact,
      codeVersion(),
      String(RENDERER_VERSION),
      options.assetsVersion,
      JSON.stringify(publication.site),
      lang,
      JSON.stringify(readingWiki.options.oldUrls),
      String(readingWiki.options.maxPageBytes),
      source.root,
      options.baseUrl,
    );

    recover(options.outDir);
    const previous = readManifest(options.outDir);
    checkOutDir(options.outDir, previous);
    const reusable = previous?.global === global ? previous : undefined;
    if (reusable && reusable.commit === revision.id) {
      return { commit: revision.id, ...reusable.counts, problems: reusable.problems, rendered: 0, written: 0, deleted: 0, unchanged: true, steps: clock.steps };
    }

    if (reusable?.lastChanges && source instanceof GitSource) source.knowLastChanges(reusable.lastChanges);
    const { plan, withheld } = await withoutActiveSvgs(planSite(revision), source);
    const pageFiles = plan.outputs.flatMap((o) => (o.kind === 'page' ? [o.file] : []));
    const changes = new Map<WikiPath, CommitInfo>();
    for (const [file, change] of await source.lastChanges(revision, pageFiles)) changes.set(file.path, change);
    clock.lap('history');

    // Facts of pages whose blob the last build saw are taken from its manifest; the others are parsed now.
    // A page that lost a URL clash (`a.md` and `a/index.md`) is not rendered, but still titles its folder
    // in the navigation, as the server shows it: its facts are needed all the same.
    const rendered = new Set(pageFiles);
    const dropped = [...revision.files.values()].filter((f) => isMarkdown(f.path) && readingWiki.isListed(f.path) && !rendered.has(f));
    const facts = new Map<string, PageFacts>();
    const toParse = new Map<string, WikiFile>();
    for (const file of [...pageFiles, ...dropped]) {
      const known = reusable?.facts[file.id];
      if (known) facts.set(file.id, known);
      else if (!toParse.has(file.id)) toParse.set(file.id, file);
    }
    staging = makeStaging(options.outDir);
    const shared = await readPages(source, [...shownEverywhere, ...dataFiles]);
    const setup: ThreadSetup = {
      site: publication.site,
      format,
      shared: shared.map((p) => [p.id, p.bytes]),
      lang,
      revisionId: revision.id,
      entries: [...revision.files.values()].map((f) => ({ path: f.sourcePath, id: f.id, size: f.size })),
      root: source.root,
      repositoryPaths: source.root && source instanceof GitSource ? (await source.repo.listTree(revision.id, '')).map((e) => e.path.normalize('NFC')) : [],
      siteTitle: readingWiki.options.siteTitle,
      oldUrls: [...readingWiki.options.oldUrls],
      maxPageBytes: readingWiki.options.maxPageBytes,
      staging,
    };
    if (publication.contact !== undefined) setup.contact = publication.contact;
    const pool = new RenderPool(setup, revision, options.threads);
    closePool = () => pool.close();
    await pool.grow(toParse.size);
    const freshTexts = new Map<string, StaticSearchText>();
    const sourceDisks = new Map(plan.outputs.flatMap((o) => (o.kind === 'source' && isMarkdown(o.file.path) ? [[o.file.path, o.disk] as const] : [])));
    const parsed = [...toParse.values()];
    await pool.parse(parsed, source, facts, freshTexts, sourceDisks, progress('read', options));
    // Sources of parsed pages are new blobs, so changed outputs: their threads have written them already.
    const writtenByThreads = new Set(parsed.flatMap((f) => sourceDisks.get(f.path) ?? []));
    throwIfAborted(options.signal);

    // Everything a page may ask about another, then `check` on the facts (no page is read again).
    const factList = [...facts];
    const changeList = [...changes];
    await pool.tables(factList, changeList);
    const known = new BuildKnowledge({ facts, changes }, true);
    const checker = new Wiki({ ...readingWiki.options, known });
    // Slow link resolutions of the last build still hold when no path came or went; those with a
    // `#fragment` also need every page's anchors to be as they were.
    const structure = digest(...revision.folders, ...revision.files.keys(), ...setup.repositoryPaths);
    const anchors = digest(...pageFiles.map((f) => {
      const known = facts.get(f.id);
      return `${f.path}\0${known?.kind === 'page' ? known.anchors.join('\0') : ''}`;
    }));
    if (reusable && reusable.structure === structure) {
      for (const [page, entries] of Object.entries(reusable.slowLinks)) {
        known.remember(page as WikiPath, reusable.anchors === anchors ? entries : entries.filter(([href]) => !href.includes('#')));
      }
    }
    clock.lap('parse');
    const problems: BuildProblem[] = [
      ...(await checkWiki(checker, revision)),
      ...plan.collisions.map((c) => ({ path: c.disk, line: 0 as const, kind: 'url-clash' as const, detail: `${c.dropped} ↔ ${c.kept}` })),
      ...withheld,
    ];
    const resolutions = new Map<WikiPath, ReadonlyMap<string, LinkResolution>>();
    for (const file of pageFiles) {
      const known = facts.get(file.id);
      if (known?.kind === 'page') resolutions.set(file.path, await checker.resolveLinks(revision, file.path, known.links));
    }
    const backlinks = await backlinksTable(checker, revision, pageFiles, facts, resolutions);
    clock.lap('links');
    const keys = outputKeys(plan.outputs, {
      revision,
      global,
      changes,
      resolutions,
      backlinks,
      titleOf: (f) => titleFrom(facts, f, checker),
      embeds: (f) => {
        const known = facts.get(f.id);
        return known?.kind === 'page' && known.embeds;
      },
      embedsKey: digest(new Date().toISOString().slice(0, 10), ...dataFiles.map((f) => f.id)),
    });

    clock.lap('keys');
    const old = reusable?.outputs ?? {};
    const changed = new Set([...keys].filter(([disk, key]) => old[disk] !== key).map(([disk]) => disk));
    const siteExists = previous !== undefined;
    const swap = !siteExists || !reusable || changed.size > keys.size * LARGE_CHANGE;
    if (swap && siteExists) linkUnchanged(options.outDir, staging, keys, changed);

    const jobs = plan.outputs.filter((o) => changed.has(o.disk) && (o.kind === 'page' || o.kind === 'folder'));
    // A changed `.md` redirect goes with its page when the page is rendered: the threads share the writes.
    const renderedAt = new Map(jobs.flatMap((o) => (o.kind === 'page' ? [[o.url, o.file.path] as const] : [])));
    const beside = new Map<WikiPath, BesideFile[]>();
    for (const output of plan.outputs) {
      const page = output.kind === 'redirect' && changed.has(output.disk) ? renderedAt.get(output.to) : undefined;
      if (output.kind !== 'redirect' || page === undefined) continue;
      beside.set(page, [...(beside.get(page) ?? []), { disk: output.disk, content: redirectPage(basePath + output.to, lang) }]);
      writtenByThreads.add(output.disk);
    }
    await pool.grow(jobs.length);
    const rendering = pool.render(jobs, resolutions, backlinks, beside, source, progress('render', options), options.signal);
    rendering.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile

    // Site-wide files (search index, feed…) are made while the workers render the pages.
    const search: SearchSources = { fresh: freshTexts, read: async (file) => staticSearchText(await indexedPage(readingWiki, file)) };
    if (reusable) search.outDir = options.outDir;
    if (source instanceof GitSource) search.readOlder = search.read;
    const context: SiteContext = { publication: { ...publication, wiki: checker }, revision, lang, outputs: plan.outputs, changes, assets: options.assets, search };
    if (options.baseUrl) context.baseUrl = options.baseUrl;
    const siteFiles: SiteFile[] = [];
    for (const make of SITE_FILES) siteFiles.push(...(await make(context)));
    const siteKeys = new Map<string, string>();
    for (const file of siteFiles) {
      const key = 'content' in file ? contentDigest(file.content) : old[file.disk];
      if (key === undefined) throw new Error(`${file.disk}: kept from a build that did not write it`);
      siteKeys.set(file.disk, key);
      keys.set(file.disk, key);
      if (old[file.disk] !== key) changed.add(file.disk);
    }
    if (swap && siteExists) linkUnchanged(options.outDir, staging, siteKeys, changed);
    const deletes = Object.keys(previous?.outputs ?? {}).filter((disk) => !keys.has(disk));
    clock.lap('site-files');
    const [failures] = await Promise.all([rendering, writeOthers(plan.outputs, siteFiles, changed, writtenByThreads, staging, source, lang, basePath)]);
    throwIfAborted(options.signal);

    clock.lap('render');
    // A failed render is written as an error page, reported, and tried again by the next build.
    for (const failure of failures) {
      problems.push({ path: failure.path, line: 0, kind: 'render-failed', detail: failure.message });
      keys.set(failure.disk, '');
    }
    const manifest: Manifest = { ...emptyManifest(global, revision.id), structure, anchors, slowLinks: known.slowResolutions(revision) };
    manifest.outputs = Object.fromEntries(keys);
    for (const file of pageFiles) {
      const known = facts.get(file.id);
      if (known) manifest.facts[file.id] = known;
    }
    manifest.problems = problems;
    manifest.counts = { pages: pageFiles.length, attachments: plan.outputs.filter((o) => o.kind === 'attachment').length };
    const lastChanges = source instanceof GitSource ? await source.lastChangesRecord(revision.id) : undefined;
    if (lastChanges) manifest.lastChanges = lastChanges;
    writeFileSync(join(staging, MANIFEST_NAME), manifestText(manifest));
    throwIfAborted(options.signal);

    if (swap) commitSwap(options.outDir, staging);
    else commitInPlace(options.outDir, staging, [...changed], deletes);
    staging = undefined;
    clock.lap('publish');
    return { commit: revision.id, ...manifest.counts, problems, rendered: jobs.length, written: changed.size, deleted: swap ? 0 : deletes.length, unchanged: false, steps: clock.steps };
  } finally {
    await closePool();
    if (staging) rmSync(staging, { recursive: true, force: true });
    await opened.source.close();
  }
}

function titleFrom(facts: ReadonlyMap<string, PageFacts>, file: WikiFile, wiki: Wiki): string {
  const known = facts.get(file.id);
  return (known?.kind === 'page' && known.title) || wiki.defaultTitle(file.path);
}

function progress(phase: BuildProgress['phase'], options: BuildOptions): (done: number, total: number) => void {
  return (done, total) => options.onProgress?.({ phase, done, total });
}

/** In a swap, the new folder takes the old site's unchanged files as hard links; a file gone missing is made again. */
function linkUnchanged(outDir: string, staging: string, keys: ReadonlyMap<string, string>, changed: Set<string>): void {
  for (const disk of keys.keys()) {
    if (changed.has(disk)) continue;
    const from = join(outDir, disk);
    if (existsSync(from)) linkOrCopy(from, join(staging, disk));
    else changed.add(disk);
  }
}

/**
 * The plan without the SVG images that carry something active (a script, a handler, a `javascript:`
 * link…), each reported. Uploads refuse them (src/edit/attachment-check.ts), but a push or a mailed patch
 * can bring one; the live server sends attachments with `CSP: sandbox`, while a static site is served by
 * any web server, where such an image opened at its own URL runs its script on the wiki's origin.
 */
async function withoutActiveSvgs(plan: SitePlan, source: BlobReader): Promise<{ plan: SitePlan; withheld: BuildProblem[] }> {
  const svgs = plan.outputs.filter((o): o is Extract<Output, { file: WikiFile }> => 'file' in o && o.kind !== 'page' && extensionOf(o.file.path) === 'svg');
  if (svgs.length === 0) return { plan, withheld: [] };
  const active = new Map<string, string>();
  for (const page of await readPages(source, [...new Map(svgs.map((o) => [o.file.id, o.file])).values()])) {
    const verdict = await checkAttachment(page.path, Buffer.from(page.bytes));
    if (verdict !== 'accepted') active.set(page.id, verdict.en);
  }
  const withheld = svgs.filter((o) => active.has(o.file.id));
  if (withheld.length === 0) return { plan, withheld: [] };
  const dropped = new Set<Output>(withheld);
  return {
    plan: { ...plan, outputs: plan.outputs.filter((o) => !dropped.has(o)) },
    // One problem per file, published at its URL and as its source alike.
    withheld: [...new Map(withheld.map((o) => [o.file.path, o.file.id])).entries()].map(([path, id]) => ({ path, line: 0, kind: 'active-svg', detail: `not published: ${active.get(id) ?? ''}` })),
  };
}

/** Attachments, sources and redirect pages the threads did not write, and site-wide files: written by the main thread while pages render. */
async function writeOthers(outputs: readonly Output[], siteFiles: readonly SiteFile[], changed: ReadonlySet<string>, writtenByThreads: ReadonlySet<string>, staging: string, source: BlobReader, lang: string, basePath: string): Promise<void> {
  const made = new Set<string>();
  const write = (disk: string, content: string | Uint8Array) => {
    const target = join(staging, disk);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(target, content);
  };
  // The same bytes at several places (an attachment and its source, copies of a file) are one file, linked.
  const written = new Map<string, string>();
  const blobs = outputs.filter((o): o is Extract<Output, { file: WikiFile }> => (o.kind === 'attachment' || o.kind === 'source' || o.kind === 'raw') && changed.has(o.disk) && !writtenByThreads.has(o.disk));
  for (let i = 0; i < blobs.length; i += BATCH) {
    const batch = blobs.slice(i, i + BATCH);
    const unread = batch.filter((o) => !written.has(o.file.id));
    const bytes = new Map((await readPages(source, unread.map((o) => o.file))).map((p) => [p.id, p.bytes]));
    for (const output of batch) {
      const first = written.get(output.file.id);
      if (first) linkOrCopy(join(staging, first), join(staging, output.disk));
      else {
        write(output.disk, bytes.get(output.file.id) ?? Buffer.alloc(0));
        written.set(output.file.id, output.disk);
      }
    }
  }
  for (const output of outputs) {
    if (output.kind === 'redirect' && changed.has(output.disk) && !writtenByThreads.has(output.disk)) write(output.disk, redirectPage(basePath + output.to, lang));
  }
  for (const file of siteFiles) if (changed.has(file.disk) && 'content' in file) write(file.disk, file.content);
}
