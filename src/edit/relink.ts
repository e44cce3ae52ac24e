/**
 * Rewriting one link destination so that it leads to a page's new path, in the author's style: a
 * relative link stays relative (from where the linking page will be), a root-absolute one stays
 * absolute, `.md` is written when it was, a folder link stays a folder link, percent-encoding is kept
 * when the author encoded, `<…>` when they used it, and the query and `#anchor` are kept as written.
 * Pure functions: what leads where is the caller's business (edit/move-links.ts).
 */
import { posix } from 'node:path';
import { baseName, isMarkdown, parentOf, withoutExtension, type WikiPath } from '../wiki/path.js';

export interface NewTarget {
  path: WikiPath;
  /** The page will be its folder's index page (`folder/index.md`): a folder URL reaches it. */
  folderIndex: boolean;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

// sourcehut wikis live at /~owner/name/: links written that way keep that prefix.
const SOURCEHUT_PREFIX = /^\/~[^/]+\/[^/]+\//;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text).normalize('NFC');
  } catch {
    return text.normalize('NFC');
  }
}

/** Backslash escapes of a bare destination, undone as CommonMark reads them. */
function unescapeDestination(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function balancedParentheses(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The destination `written` rewritten to reach `target` from `linkingPage`; undefined if it cannot be. */
export function rewrittenDestination(written: string, target: NewTarget, linkingPage: WikiPath, oldUrls: readonly string[] = []): string | undefined {
  const angle = written.startsWith('<') && written.endsWith('>');
  const inner = angle ? written.slice(1, -1) : unescapeDestination(written);
  const cut = inner.search(/[?#]/);
  const pathPart = cut < 0 ? inner : inner.slice(0, cut);
  const rest = cut < 0 ? '' : inner.slice(cut);

  // What stays in front of the wiki path: an old address of the wiki, a sourcehut prefix, or nothing.
  let prefix = '';
  let local = pathPart;
  if (SCHEME.test(pathPart) || pathPart.startsWith('//')) {
    const old = [...oldUrls].sort((a, b) => b.length - a.length).find((url) => pathPart.startsWith(url.endsWith('/') ? url : `${url}/`));
    if (!old) return undefined;
    prefix = old.endsWith('/') ? old : `${old}/`;
    local = `/${pathPart.slice(prefix.length)}`;
    prefix = prefix.slice(0, -1);
  } else if (SOURCEHUT_PREFIX.test(pathPart)) {
    const match = SOURCEHUT_PREFIX.exec(pathPart)?.[0] ?? '';
    prefix = match.slice(0, -1);
    local = pathPart.slice(prefix.length);
  }
  const decoded = decode(local);
  const encoded = /%[0-9a-f]{2}/i.test(local);
  const fromRoot = decoded.startsWith('/');
  const withExtension = /\.(md|markdown)$/i.test(decoded) || !isMarkdown(target.path);

  let path: string;
  let asFolder = false;
  if (target.folderIndex && !withExtension) {
    path = parentOf(target.path);
    asFolder = true;
  } else path = withExtension ? target.path : withoutExtension(target.path);

  let out: string;
  if (fromRoot) out = path === '' ? '/' : `/${path}${asFolder ? '/' : ''}`;
  else {
    const from = `/${parentOf(linkingPage)}`;
    const relative = posix.relative(from, `/${path}`);
    out = asFolder ? (relative === '' ? './' : `${relative}/`) : relative;
    if (decoded.startsWith('./') && !out.startsWith('.')) out = `./${out}`;
    if (out === '') out = `./${baseName(linkingPage)}`;
  }
  if (encoded) out = out.split('/').map((segment) => (segment === '.' || segment === '..' ? segment : encodeURIComponent(segment))).join('/');
  out = prefix + out + rest;

  if (angle) return /[<>\n]/.test(out) ? undefined : `<${out}>`;
  if (/[\s<>]/.test(out) || !balancedParentheses(out)) {
    // A bare destination cannot hold spaces or unbalanced parentheses: switch to `<…>`.
    return /[<>\n]/.test(out) ? undefined : `<${out}>`;
  }
  return out;
}

/**
 * A wiki link's page name rewritten for the page's new file name (`Page Name#part` → `New Name#part`):
 * spaces are written where the author wrote spaces, dashes otherwise.
 */
export function rewrittenWikilink(written: string, target: WikiPath): string {
  const hash = written.indexOf('#');
  const name = hash < 0 ? written : written.slice(0, hash);
  const rest = hash < 0 ? '' : written.slice(hash);
  const newName = withoutExtension(baseName(target));
  const spaced = name.includes(' ') && !name.includes('-');
  return (spaced ? newName.replace(/-/g, ' ') : newName) + rest;
}

/** The source with each edit made (edits do not overlap; any order). */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
