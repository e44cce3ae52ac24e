import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { fold, STOP_WORDS, wordsOf } from './query.js';

/**
 * Search for a static site (`feuillet build`): a compact index split in small files so that a query loads
 * only what it needs — a manifest, the one or two shards holding its words (by their first two letters),
 * and the chunk of page descriptions for the results shown — and a small script that reads them.
 *
 * Matching follows the live search: words folded for case and accents, the reader's word stemmed with the
 * same French stemmer and matched as a prefix. Ranking is a weighted term frequency (title 10, headings 4,
 * body 1) times the word's rarity; phrases are matched as all of their words (no positions are stored).
 *
 * A page's words are counted once per content (`staticSearchText`, kept by the build by blob id); its title
 * is counted when the index is made, as it also depends on the page's path.
 */

/** What the index keeps of a page's content: its weighted words (headings and body) and the start of its text. */
export interface StaticSearchText {
  /**
   * Folded words and their weighted counts, in order of first appearance: `word count word count…`. One
   * string rather than pairs: the build keeps these for every page, and 10,000 pages of pairs are millions of
   * small objects to read, keep and collect.
   */
  terms: string;
  excerpt: string;
}

export interface StaticSearchPage {
  url: string;
  title: string;
  /** Titles of the folders above the page, from the home page down. */
  crumbs: string[];
  text: StaticSearchText;
}

/** A file of the static search, below the folder `STATIC_SEARCH_FOLDER`. */
export interface StaticSearchFile {
  name: string;
  content: string | Buffer;
}

/** Where the files go, below the site's root. */
export const STATIC_SEARCH_FOLDER = '-/search';
const DOCS_PER_CHUNK = 500;
const EXCERPT_CHARS = 200;
const WEIGHTS = { title: 10, headings: 4, body: 1 } as const;
const MAX_SCORE = 255;

/** The words of a page's headings and body (as `indexedPage` reads them), counted for the index. */
export function staticSearchText(page: { headings: string; body: string }): StaticSearchText {
  const counts = new Map<string, number>();
  countTerms(counts, page.headings, WEIGHTS.headings);
  countTerms(counts, page.body, WEIGHTS.body);
  return { terms: [...counts].map(([term, count]) => `${term} ${count}`).join(' '), excerpt: page.body.slice(0, EXCERPT_CHARS) };
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
 * The files of the static search: `manifest.json`, `terms-*.json`, `docs-*.json`, `stem-fr.js` (the
 * stemmer, an ES module) and `search.js` (the script the search page loads as a module).
 */
export function staticSearchFiles(pages: readonly StaticSearchPage[]): StaticSearchFile[] {
  // Postings by term first, grouped into shards once per distinct term: a wiki has far fewer terms than postings.
  const postingsOf = new Map<string, number[]>();
  const add = (term: string, doc: number, score: number) => {
    let postings = postingsOf.get(term);
    if (!postings) postingsOf.set(term, (postings = []));
    postings.push(doc, Math.min(MAX_SCORE, score));
  };
  pages.forEach((page, doc) => {
    const title = new Map<string, number>();
    countTerms(title, page.title, WEIGHTS.title);
    const words = page.text.terms === '' ? [] : page.text.terms.split(' ');
    for (let i = 0; i + 1 < words.length; i += 2) {
      const term = words[i] as string;
      add(term, doc, Number(words[i + 1]) + (title.get(term) ?? 0));
      title.delete(term);
    }
    for (const [term, score] of title) add(term, doc, score);
  });
  const shards = new Map<string, Map<string, number[]>>();
  for (const [term, postings] of postingsOf) {
    const key = shardOf(term);
    let shard = shards.get(key);
    if (!shard) shards.set(key, (shard = new Map()));
    shard.set(term, postings);
  }
  const names: Record<string, string> = {};
  for (const key of [...shards.keys()].sort()) names[key] = `terms-${fileSafe(key)}.json`;
  return [
    ...[...shards].map(([key, terms]) => ({ name: names[key] ?? '', content: JSON.stringify(Object.fromEntries(terms)) })),
    ...Array.from({ length: Math.ceil(pages.length / DOCS_PER_CHUNK) }, (_, chunk) => {
      const docs = pages.slice(chunk * DOCS_PER_CHUNK, (chunk + 1) * DOCS_PER_CHUNK).map((p) => [p.url, p.title, p.crumbs.join(' › '), p.text.excerpt]);
      return { name: `docs-${chunk}.json`, content: JSON.stringify(docs) };
    }),
    { name: 'manifest.json', content: JSON.stringify({ version: 1, docs: pages.length, docsPerChunk: DOCS_PER_CHUNK, shards: names, stopWords: [...STOP_WORDS] }) },
    { name: 'stem-fr.js', content: readFileSync(stemmerFile()) },
    { name: 'search.js', content: readFileSync(clientFile()) },
  ];
}
