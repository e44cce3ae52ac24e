import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexedPage } from '../search/site-search.js';
import { staticSearchText, type StaticSearchText } from '../search/static-index.js';
import type { WikiFile } from '../wiki/revision.js';
import type { Wiki } from '../wiki/wiki.js';

/**
 * The words of every page for the static search, by blob id, kept beside the manifest: the index is made
 * again whenever a page changes, and a page whose blob did not change is then neither read nor counted again.
 */
export const SEARCH_TEXTS_NAME = '.feuillet-search.json';
const READ_BATCH = 256;

function readKept(outDir: string): Record<string, StaticSearchText> {
  try {
    const value = JSON.parse(readFileSync(join(outDir, SEARCH_TEXTS_NAME), 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, StaticSearchText>) : {};
  } catch {
    return {}; // none yet, or damaged: the pages are read again
  }
}

/**
 * The words of `files`: counted by this build's parse (`fresh`), kept by the last build when `reuseKept`
 * (same code and settings), or read now through `wiki`.
 */
export async function searchTextsOf(files: readonly WikiFile[], fresh: ReadonlyMap<string, StaticSearchText>, outDir: string, reuseKept: boolean, wiki: Wiki): Promise<Map<string, StaticSearchText>> {
  const texts = new Map<string, StaticSearchText>();
  const missing = files.filter((f) => !fresh.has(f.id));
  const kept = reuseKept && missing.length > 0 ? readKept(outDir) : {};
  for (const file of files) {
    const text = fresh.get(file.id) ?? (Object.hasOwn(kept, file.id) ? kept[file.id] : undefined);
    if (text && typeof text.terms === 'string' && typeof text.excerpt === 'string') texts.set(file.id, text);
  }
  const unread = files.filter((f) => !texts.has(f.id));
  for (let i = 0; i < unread.length; i += READ_BATCH) {
    const batch = unread.slice(i, i + READ_BATCH);
    const pages = await Promise.all(batch.map((file) => indexedPage(wiki, file)));
    batch.forEach((file, j) => texts.set(file.id, staticSearchText(pages[j] ?? { headings: '', body: '' })));
  }
  return texts;
}

/** The file kept for the next build: the texts of these pages, by blob id in order (a full and an incremental build write the same bytes). */
export function searchTextsFile(texts: ReadonlyMap<string, StaticSearchText>): string {
  return JSON.stringify(Object.fromEntries([...texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
