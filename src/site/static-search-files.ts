import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkFile, STATIC_SEARCH_FOLDER, staticSearchFiles, type IndexedDocs, type PreviousIndex, type StaticSearchDoc } from '../search/static-index.js';
import { breadcrumbs } from '../wiki/navigation.js';
import type { WikiFile } from '../wiki/revision.js';
import { staticSearchDocument } from '../pages/search-documents.js';
import type { SiteContext, SiteFile } from './site-file.js';

/** The pages the last index holds, kept beside the manifest for the next build to update it. */
export const SEARCH_DOCS_NAME = '.feuillet-search.json';

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

const isDocs = (value: unknown): value is IndexedDocs =>
  Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 4 && entry.every((part) => typeof part === 'string'));

/** The index the last build left in `outDir`, when it is all there; its files are read only when asked for. */
function previousIndex(outDir: string): PreviousIndex | undefined {
  const folder = join(outDir, STATIC_SEARCH_FOLDER);
  try {
    const docs = readJson(join(outDir, SEARCH_DOCS_NAME));
    const manifest = readJson(join(folder, 'manifest.json')) as { shards?: unknown; docsPerChunk?: unknown };
    if (!isDocs(docs) || typeof manifest.shards !== 'object' || manifest.shards === null) return undefined;
    const shards = new Map(Object.entries(manifest.shards as Record<string, string>));
    const perChunk = Number(manifest.docsPerChunk);
    const chunks = Array.from({ length: Math.ceil(docs.length / perChunk) }, (_, n) => chunkFile(n));
    if (![...shards.values(), ...chunks].every((name) => typeof name === 'string' && existsSync(join(folder, name)))) return undefined;
    const chunkCache = new Map<number, ReturnType<PreviousIndex['chunk']>>();
    return {
      docs,
      shardKeys: new Set(shards.keys()),
      shard: (key) => readJson(join(folder, shards.get(key) ?? '')) as Record<string, number[]>,
      chunk: (n) => {
        let chunk = chunkCache.get(n);
        if (!chunk) chunkCache.set(n, (chunk = readJson(join(folder, chunks[n] ?? '')) as ReturnType<PreviousIndex['chunk']>));
        return chunk;
      },
    };
  } catch {
    return undefined; // none yet, or damaged: the index is made from every page's words
  }
}

/**
 * The search of the static site: its page (`-/search/`, where every page's search form leads), the index
 * and script below it, and the list of indexed pages the next build updates the index from.
 */
export async function staticSearch(context: SiteContext): Promise<SiteFile[]> {
  const { publication, revision, search } = context;
  const { wiki } = publication;
  const docs: StaticSearchDoc[] = [];
  const files: WikiFile[] = [];
  for (const output of context.outputs) {
    if (output.kind !== 'page' || !wiki.isListed(output.file.path)) continue;
    const crumbs = await breadcrumbs(wiki, revision, output.file.path, false);
    docs.push({ url: publication.site.basePath + output.url, title: await wiki.titleOf(revision, output.file.path), crumbs: crumbs.map((c) => c.label), blob: output.file.id });
    files.push(output.file);
  }
  const previous = search.outDir === undefined ? undefined : previousIndex(search.outDir);
  const fileOf = (doc: number): WikiFile => {
    const file = files[doc];
    if (!file) throw new Error(`no page number ${doc} in the static search`);
    return file;
  };
  const index = await staticSearchFiles({
    docs,
    ...(previous ? { previous } : {}),
    textOf: (doc) => {
      const file = fileOf(doc);
      return Promise.resolve(search.fresh.get(file.id) ?? search.read(file));
    },
    previousTextOf: async (doc) => {
      const blob = previous?.docs[doc]?.[1];
      if (blob === undefined || !search.readOlder) return undefined;
      try {
        // The size is not known here; a version over the page limit is then read in full, once.
        return await search.readOlder({ ...fileOf(doc), id: blob, size: 0 });
      } catch {
        return undefined; // the old version is gone from the repository: every shard is made again
      }
    },
  });
  return [
    { disk: `${STATIC_SEARCH_FOLDER}/index.html`, content: staticSearchDocument(publication, context.lang) },
    ...index.files.map((file): SiteFile => ('unchanged' in file ? { disk: `${STATIC_SEARCH_FOLDER}/${file.name}`, unchanged: true } : { disk: `${STATIC_SEARCH_FOLDER}/${file.name}`, content: file.content })),
    { disk: SEARCH_DOCS_NAME, content: JSON.stringify(index.docs) },
  ];
}
