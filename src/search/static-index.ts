import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { breadcrumbs } from '../wiki/navigation.js';
import { isFolderIndex, type Revision } from '../wiki/revision.js';
import { pageUrl } from '../wiki/urls.js';
import type { Wiki } from '../wiki/wiki.js';
import { fold, STOP_WORDS, wordsOf } from './query.js';
import { indexedPage } from './site-search.js';

/**
 * Search for a static site (`feuillet build`): a compact index split in small files so that a query loads
 * only what it needs — a manifest, the one or two shards holding its words (by their first two letters),
 * and the chunk of page descriptions for the results shown — and a small script that reads them.
 *
 * Matching follows the live search: words folded for case and accents, the reader's word stemmed with the
 * same French stemmer and matched as a prefix. Ranking is a weighted term frequency (title 10, headings 4,
 * body 1) times the word's rarity; phrases are matched as all of their words (no positions are stored).
 */

export interface StaticSearchPage {
  url: string;
  title: string;
  /** Titles of the folders above the page, from the home page down. */
  crumbs: string[];
  headings: string;
  body: string;
}

/** Where the files go, below the site's root. */
export const STATIC_SEARCH_FOLDER = '-/search';
const DOCS_PER_CHUNK = 500;
const EXCERPT_CHARS = 200;
const WEIGHTS = { title: 10, headings: 4, body: 1 } as const;
const MAX_SCORE = 255;

/** The pages of a revision as the static search needs them. */
export async function staticSearchPages(wiki: Wiki, revision: Revision): Promise<StaticSearchPage[]> {
  const pages: StaticSearchPage[] = [];
  for (const file of wiki.pages(revision)) {
    if (!wiki.isListed(file.path)) continue;
    const page = await indexedPage(wiki, file);
    const crumbs = (await breadcrumbs(wiki, revision, file.path, false)).map((c) => c.label);
    pages.push({ url: wiki.options.basePath + pageUrl(file.path, isFolderIndex(revision, file.path)), title: page.title, crumbs, headings: page.headings, body: page.body });
  }
  return pages;
}

/** Shard key of a folded term: its first two characters (`_` pads a one-letter word). */
export function shardOf(term: string): string {
  return [...term].slice(0, 2).join('').padEnd(2, '_');
}

function countTerms(into: Map<string, number>, text: string, weight: number): void {
  for (const word of wordsOf(text)) {
    const term = fold(word);
    if (STOP_WORDS.has(term)) continue;
    into.set(term, (into.get(term) ?? 0) + weight);
  }
}

function fileSafe(key: string): string {
  return [...key].map((c) => (/[a-z0-9]/.test(c) ? c : `~${c.codePointAt(0)?.toString(16)}`)).join('');
}

const stemmerFile = () => createRequire(import.meta.url).resolve('@orama/stemmers/french').replace(/\.cjs$/, '.js');
const clientFile = () => fileURLToPath(new URL('../views/assets/static-search.js', import.meta.url));

/**
 * Writes the static search below `outDir` (`-/search/`): `manifest.json`, `terms-*.json`, `docs-*.json`,
 * `stem-fr.js` (the stemmer, an ES module) and `search.js` (the script the search page loads as a module).
 */
export async function writeStaticSearch(outDir: string, pages: readonly StaticSearchPage[]): Promise<void> {
  const folder = join(outDir, STATIC_SEARCH_FOLDER);
  await mkdir(folder, { recursive: true });
  const shards = new Map<string, Map<string, number[]>>();
  pages.forEach((page, doc) => {
    const counts = new Map<string, number>();
    countTerms(counts, page.title, WEIGHTS.title);
    countTerms(counts, page.headings, WEIGHTS.headings);
    countTerms(counts, page.body, WEIGHTS.body);
    for (const [term, score] of counts) {
      const key = shardOf(term);
      let shard = shards.get(key);
      if (!shard) shards.set(key, (shard = new Map()));
      let postings = shard.get(term);
      if (!postings) shard.set(term, (postings = []));
      postings.push(doc, Math.min(MAX_SCORE, score));
    }
  });
  const files: Record<string, string> = {};
  for (const key of shards.keys()) files[key] = `terms-${fileSafe(key)}.json`;
  await Promise.all([
    ...[...shards].map(([key, terms]) => writeFile(join(folder, files[key] ?? ''), JSON.stringify(Object.fromEntries(terms)))),
    ...Array.from({ length: Math.ceil(pages.length / DOCS_PER_CHUNK) }, (_, chunk) => {
      const docs = pages.slice(chunk * DOCS_PER_CHUNK, (chunk + 1) * DOCS_PER_CHUNK).map((p) => [p.url, p.title, p.crumbs.join(' › '), p.body.slice(0, EXCERPT_CHARS)]);
      return writeFile(join(folder, `docs-${chunk}.json`), JSON.stringify(docs));
    }),
    writeFile(join(folder, 'manifest.json'), JSON.stringify({ version: 1, docs: pages.length, docsPerChunk: DOCS_PER_CHUNK, shards: files, stopWords: [...STOP_WORDS] })),
    copyFile(stemmerFile(), join(folder, 'stem-fr.js')),
    copyFile(clientFile(), join(folder, 'search.js')),
  ]);
}
