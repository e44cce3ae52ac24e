/**
 * A path inside the wiki, relative to its root: NFC-normalised, '/'-separated, with no empty, '.', '..'
 * or '.git' segment and no control character. '' is the root folder. Made only by `parseWikiPath`.
 */
export type WikiPath = string & { readonly __brand: 'WikiPath' };

export const ROOT = '' as WikiPath;

// Control characters and backslashes are never part of a page name we serve: refusing them closes doors
// (terminal escapes in logs, Windows-style traversal) at no cost to real wikis.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/**
 * Characters that change the order in which a name is displayed: with U+202E, `photo\u202Egpj.exe`
 * reads as `photoexe.jpg`. Existing files are served whatever their name; new names may not hold them.
 */
export const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A name as it is, for a message: each such character written out (`<U+202E>`) instead of acting. */
export function withBidiShown(name: string): string {
  return name.replace(new RegExp(BIDI_CONTROL.source, 'gu'), (char) => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** An empty, `.`, `..` or `.git` segment (any case), or a slash at either end. One test per path: a revision parses thousands. */
const BAD_SEGMENT = /^\/|\/$|\/\/|(?:^|\/)(?:\.\.?|\.git)(?:\/|$)/i;

export function parseWikiPath(raw: string): WikiPath | undefined {
  const path = raw.normalize('NFC');
  if (path === '') return ROOT;
  if (FORBIDDEN.test(path) || BAD_SEGMENT.test(path)) return undefined;
  return path as WikiPath;
}

export function joinPath(folder: WikiPath, name: string): WikiPath | undefined {
  return parseWikiPath(folder === '' ? name : `${folder}/${name}`);
}

export function parentOf(path: WikiPath): WikiPath {
  const slash = path.lastIndexOf('/');
  return (slash < 0 ? '' : path.slice(0, slash)) as WikiPath;
}

export function baseName(path: WikiPath): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Every ancestor folder, from the root down, excluding the path itself. */
export function ancestorsOf(path: WikiPath): WikiPath[] {
  const parts = path.split('/');
  const result: WikiPath[] = [ROOT];
  for (let i = 1; i < parts.length; i++) result.push(parts.slice(0, i).join('/') as WikiPath);
  return path === '' ? [] : result;
}

export function isMarkdown(path: string): boolean {
  return /\.(md|markdown)$/i.test(path);
}

export function withoutExtension(name: string): string {
  return name.replace(/\.(md|markdown)$/i, '');
}
