import { baseName, isMarkdown, withoutExtension, type WikiPath } from './path.js';
import type { Revision } from './revision.js';

/** GitHub/Gollum page names: compared without case, with spaces and dashes the same, without `.md`. */
export function pageNameKey(name: string): string {
  return withoutExtension(name.normalize('NFC')).trim().toLowerCase().replace(/[\s-]+/g, '-');
}

const indexes = new WeakMap<Revision, Map<string, WikiPath[]>>();

function nameIndex(revision: Revision): Map<string, WikiPath[]> {
  let index = indexes.get(revision);
  if (!index) {
    index = new Map();
    for (const path of revision.files.keys()) {
      if (!isMarkdown(path)) continue;
      const key = pageNameKey(baseName(path));
      index.set(key, [...(index.get(key) ?? []), path]);
    }
    indexes.set(revision, index);
  }
  return index;
}

/** The page a `[[Page Name]]` link names, wherever it sits in the wiki, as GitHub finds it; the shallowest wins. */
export function findPageByName(revision: Revision, name: string): WikiPath | undefined {
  const candidates = nameIndex(revision).get(pageNameKey(name.split('/').pop() ?? name)) ?? [];
  return [...candidates].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1))[0];
}

/** Gollum titles come from file names: `Installing-Oppia-(Linux;-Python-3)` → `Installing Oppia (Linux; Python 3)`. */
export function gollumTitle(path: WikiPath): string {
  return withoutExtension(baseName(path)).replace(/-/g, ' ');
}

/** Special Gollum pages (`_Sidebar`, `_Footer`, `_Header`): shown around pages, not listed as pages. */
export function isSpecialPage(path: WikiPath): boolean {
  return baseName(path).startsWith('_');
}

/** A GitHub wiki: a `Home.md` and no `index.md` or `README.md` at the root. */
export function looksLikeGollum(revision: Revision): boolean {
  const root = [...revision.files.keys()].filter((p) => !p.includes('/'));
  return root.includes('Home.md' as WikiPath) && !root.some((p) => /^(index|readme)\.md$/i.test(p));
}
