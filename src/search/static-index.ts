import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PostingSpill } from './posting-spill.js';
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
 * The index is updated rather than made again: a page whose content and title did not change keeps its
 * postings in the last build's shards, so an edit rewrites only the shards of the words it had or has, and
 * a page added or removed renumbers the others without reading them. The files are canonical (terms in
 * order, postings by page number), so an updated index is byte for byte the one a full build makes.
 */

/** What the index keeps of a page's content: its weighted words (headings and body) and the start of its text. */
export interface StaticSearchText {
  /**
   * Folded words and their weighted counts, in order of first appearance: `word count word count…`. One
   * string rather than pairs: the build passes these between threads for every page, and 10,000 pages of
   * pairs are millions of small objects to copy and collect.
   */
  terms: string;
  excerpt: string;
}

/** A page as the index lists it; `blob` (its content id) tells the next build whether its words changed. */
export interface StaticSearchDoc {
  url: string;
  title: string;
  /** Titles of the folders above the page, from the home page down. */
  crumbs: string[];
  blob: string;
}

/** The pages the last build indexed, by their number then: url, blob, title, crumbs joined. */
export type IndexedDocs = [url: string, blob: string, title: string, crumbs: string][];

/** The last build's index. Its readers throw when a file is missing or damaged: the index is then made anew. */
export interface PreviousIndex {
  docs: IndexedDocs;
  shardKeys: ReadonlySet<string>;
  shard(key: string): Record<string, number[]>;
  chunk(n: number): DocEntry[];
}

export interface IndexInputs {
  docs: readonly StaticSearchDoc[];
  previous?: PreviousIndex;
  /** The words of page number `doc` as it is now. */
  textOf(doc: number): Promise<StaticSearchText>;
  /** The words of the version of page `doc` the last build indexed, when that version can still be read. */
  previousTextOf(doc: number): Promise<StaticSearchText | undefined>;
}

/** A file of the static search, below `STATIC_SEARCH_FOLDER`; `unchanged` ones are the last build's, left as they are. */
export type StaticSearchFile = { name: string; content: string | Buffer } | { name: string; unchanged: true };

/** The description of a result: url, title, breadcrumb, excerpt. */
type DocEntry = [url: string, title: string, crumbs: string, excerpt: string];

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
  // The first two code points (`[...term].slice(0, 2)`, as the browser's script takes them), found
  // without splitting the whole term: this runs twice for each of the build's millions of postings.
  const first = term.codePointAt(0);
  if (first === undefined) return '__';
  const second = term.codePointAt(first > 0xffff ? 2 : 1);
  const end = (first > 0xffff ? 2 : 1) + (second === undefined ? 0 : second > 0xffff ? 2 : 1);
  return term.slice(0, end).padEnd(2, '_');
}

function countTerms(into: Map<string, number>, text: string, weight: number): void {
  for (const word of wordsOf(text)) {
    const term = fold(word);
    if (STOP_WORDS.has(term)) continue;
    into.set(term, (into.get(term) ?? 0) + weight);
  }
}

/** A page's postings: each of its terms with its score, the title's words counted in. */
function docPostings(title: string, text: StaticSearchText): Map<string, number> {
  const scores = new Map<string, number>();
  countTerms(scores, title, WEIGHTS.title);
  const words = text.terms === '' ? [] : text.terms.split(' ');
  for (let i = 0; i + 1 < words.length; i += 2) {
    const term = words[i] as string;
    scores.set(term, (scores.get(term) ?? 0) + Number(words[i + 1]));
  }
  for (const [term, score] of scores) scores.set(term, Math.min(MAX_SCORE, score));
  return scores;
}

function fileSafe(key: string): string {
  return [...key].map((c) => (/[a-z0-9]/.test(c) ? c : `~${c.codePointAt(0)?.toString(16)}`)).join('');
}

const shardFile = (key: string) => `terms-${fileSafe(key)}.json`;
/** The file of the `n`th chunk of page descriptions. */
export const chunkFile = (n: number) => `docs-${n}.json`;
const stemmerFile = () => createRequire(import.meta.url).resolve('@orama/stemmers/french').replace(/\.cjs$/, '.js');
const clientFile = () => fileURLToPath(new URL('../views/assets/static-search.js', import.meta.url));

function mergePairs(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i] as number) <= (b[j] as number)) {
      out.push(a[i] as number, a[i + 1] as number);
      i += 2;
    } else {
      out.push(b[j] as number, b[j + 1] as number);
      j += 2;
    }
  }
  return out.concat(a.slice(i), b.slice(j));
}

/**
 * `[doc, score, doc, score…]` in order of doc numbers. Postings arrive as ascending runs (the last build's,
 * then those of the pages indexed again), so the runs are merged rather than the pairs sorted.
 */
function sortedPairs(list: number[]): number[] {
  let runs: number[][] = [];
  let start = 0;
  for (let i = 2; i <= list.length; i += 2) {
    if (i < list.length && (list[i] as number) > (list[i - 2] as number)) continue;
    if (start === 0 && i === list.length) return list;
    runs.push(list.slice(start, i));
    start = i;
  }
  while (runs.length > 1) {
    const merged: number[][] = [];
    for (let r = 0; r < runs.length; r += 2) merged.push(mergePairs(runs[r] as number[], runs[r + 1] ?? []));
    runs = merged;
  }
  return runs[0] ?? [];
}

function shardContent(terms: Map<string, number[]>): string {
  const sorted = [...terms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(sorted.map(([term, list]) => [term, sortedPairs(list)])));
}

const sameDoc = (doc: StaticSearchDoc, old: IndexedDocs[number] | undefined) =>
  old !== undefined && old[0] === doc.url && old[1] === doc.blob && old[2] === doc.title && old[3] === doc.crumbs.join(' › ');

async function updatedFiles(inputs: IndexInputs): Promise<StaticSearchFile[]> {
  const spill = new PostingSpill();
  try {
    return await spilledFiles(inputs, spill);
  } finally {
    spill.close();
  }
}

/**
 * The index files, made in two passes: each page indexed again has its postings computed once and set
 * aside on disk (and, for the shards it touches, the words it had), then the shards are made one group at
 * a time from the last build's postings that still hold and the ones set aside.
 */
async function spilledFiles(inputs: IndexInputs, spill: PostingSpill): Promise<StaticSearchFile[]> {
  const { docs, previous } = inputs;
  const oldByUrl = new Map(previous?.docs.map((entry, n) => [entry[0], { n, entry }]));
  // Page numbers whose postings still hold: same content and title, wherever the page now stands.
  const keptAs = new Map<number, number>();
  const excerpts = new Map<number, string>();
  // The shards to make again: every one when pages were renumbered, else those of the words changed pages had and have.
  let scope: Set<string> | 'all' = !previous || previous.docs.length !== docs.length || docs.some((doc, i) => previous.docs[i]?.[0] !== doc.url) ? 'all' : new Set();
  for (const [doc, page] of docs.entries()) {
    const old = oldByUrl.get(page.url);
    if (old && old.entry[1] === page.blob && old.entry[2] === page.title) {
      keptAs.set(old.n, doc);
      continue;
    }
    const text = await inputs.textOf(doc);
    excerpts.set(doc, text.excerpt);
    for (const [term, score] of docPostings(page.title, text)) {
      const key = shardOf(term);
      spill.add(key, term, doc, score);
      if (scope !== 'all') scope.add(key);
    }
    if (scope !== 'all') {
      const before = await inputs.previousTextOf(doc);
      if (!before) scope = 'all';
      else for (const term of docPostings(previous?.docs[doc]?.[2] ?? '', before).keys()) scope.add(shardOf(term));
    }
  }

  const inScope = (key: string) => scope === 'all' || scope.has(key);
  const contents = new Map<string, string>();
  for (let group = 0; group < PostingSpill.groups; group++) {
    const made = new Map<string, Map<string, number[]>>();
    const add = (key: string, term: string, doc: number, score: number) => {
      let shard = made.get(key);
      if (!shard) made.set(key, (shard = new Map()));
      let list = shard.get(term);
      if (!list) shard.set(term, (list = []));
      list.push(doc, score);
    };
    for (const key of previous?.shardKeys ?? []) {
      if (PostingSpill.groupOf(key) !== group || !inScope(key)) continue;
      for (const [term, list] of Object.entries(previous?.shard(key) ?? {})) {
        for (let i = 0; i + 1 < list.length; i += 2) {
          const doc = keptAs.get(list[i] as number);
          if (doc !== undefined) add(key, term, doc, list[i + 1] as number);
        }
      }
    }
    for (const [term, doc, score] of spill.postings(group)) add(shardOf(term), term, doc, score);
    for (const [key, terms] of made) contents.set(key, shardContent(terms));
  }

  const files: StaticSearchFile[] = [];
  const shardKeys = new Set(contents.keys());
  for (const key of previous?.shardKeys ?? []) if (!inScope(key)) shardKeys.add(key);
  for (const key of [...shardKeys].sort()) {
    const content = contents.get(key);
    files.push(content === undefined ? { name: shardFile(key), unchanged: true } : { name: shardFile(key), content });
  }

  for (let chunk = 0; chunk * DOCS_PER_CHUNK < docs.length; chunk++) {
    const range = docs.slice(chunk * DOCS_PER_CHUNK, (chunk + 1) * DOCS_PER_CHUNK);
    const first = chunk * DOCS_PER_CHUNK;
    const oldLength = Math.max(0, Math.min(DOCS_PER_CHUNK, (previous?.docs.length ?? 0) - first));
    if (oldLength === range.length && range.every((page, i) => sameDoc(page, previous?.docs[first + i]))) {
      files.push({ name: chunkFile(chunk), unchanged: true });
      continue;
    }
    const entries: DocEntry[] = [];
    for (const [i, page] of range.entries()) {
      const old = oldByUrl.get(page.url);
      // The excerpt depends on the content alone: the last build's is good while the blob is the same.
      const excerpt = old && old.entry[1] === page.blob ? previous?.chunk(Math.floor(old.n / DOCS_PER_CHUNK))[old.n % DOCS_PER_CHUNK]?.[3] : undefined;
      entries.push([page.url, page.title, page.crumbs.join(' › '), excerpt ?? excerpts.get(first + i) ?? (await inputs.textOf(first + i)).excerpt]);
    }
    files.push({ name: chunkFile(chunk), content: JSON.stringify(entries) });
  }
  const names = Object.fromEntries([...shardKeys].sort().map((key) => [key, shardFile(key)]));
  files.push({ name: 'manifest.json', content: JSON.stringify({ version: 1, docs: docs.length, docsPerChunk: DOCS_PER_CHUNK, shards: names, stopWords: [...STOP_WORDS] }) });
  return files;
}

/**
 * The files of the static search: `manifest.json`, `terms-*.json`, `docs-*.json`, `stem-fr.js` (the stemmer,
 * an ES module) and `search.js` (the script the search page loads as a module), updated from `previous`
 * when the last build left one; and what the next build needs to update them (`IndexedDocs`).
 */
export async function staticSearchFiles(inputs: IndexInputs): Promise<{ files: StaticSearchFile[]; docs: IndexedDocs }> {
  let files: StaticSearchFile[];
  try {
    files = await updatedFiles(inputs);
  } catch (error) {
    if (!inputs.previous) throw error;
    // A file of the last index went missing or was damaged: the index is made anew from every page's words.
    files = await updatedFiles({ docs: inputs.docs, textOf: inputs.textOf, previousTextOf: inputs.previousTextOf });
  }
  files.push({ name: 'stem-fr.js', content: readFileSync(stemmerFile()) }, { name: 'search.js', content: readFileSync(clientFile()) });
  const docs: IndexedDocs = inputs.docs.map((page) => [page.url, page.blob, page.title, page.crumbs.join(' › ')]);
  return { files, docs };
}
