/**
 * Names of new files: a page's file name from its title (lower case, accents kept in NFC, as the wiki's
 * own pages are named: `accessibilité-et-thèmes.md`), the checks every path written by a person goes
 * through (`..`, `.git`, control and bidirectional characters, hidden and reserved names, absurd lengths), and collisions
 * with existing files, which are found without case and Unicode normalisation (`Page.md` and `page.md`
 * would be the same file on a Mac and the same URL for a reader).
 */
import { BIDI_CONTROL, isMarkdown, withBidiShown, parseWikiPath, withoutExtension, type WikiPath } from '../wiki/path.js';
import type { Revision } from '../wiki/revision.js';
import { refusal, type Refusal } from '../user-error.js';

/** File systems refuse names longer than 255 bytes; a shorter cap leaves room for `.md` and suffixes. */
const MAX_NAME_BYTES = 200;
const MAX_PATH_BYTES = 1000;
const MAX_SLUG_CHARS = 80;

/**
 * The file name (without `.md`) a title gives: NFC, lower case, letters (accents kept), digits and marks
 * kept; every run of anything else (spaces, apostrophes, punctuation) becomes one `-`. '' when the title
 * has no letter or digit.
 */
export function slugFromTitle(title: string): string {
  const slug = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_CHARS) return slug;
  // Cut long titles at a word boundary, never inside a letter and its accent.
  const cut = slug.slice(0, MAX_SLUG_CHARS);
  const dash = cut.lastIndexOf('-');
  return (dash > MAX_SLUG_CHARS / 2 ? cut.slice(0, dash) : cut).replace(/\p{M}+$/u, '').replace(/-+$/, '');
}

/** A title's page file name: `Références & liens` → `références-liens.md`. */
export function fileNameFromTitle(title: string): string | undefined {
  const slug = slugFromTitle(title);
  return slug === '' ? undefined : `${slug}.md`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * A folder or file path written in a form, checked: NFC, '/'-separated, trimmed of surrounding slashes
 * and spaces; refused when it climbs (`..`), names `.git` or a hidden file, holds a control character
 * or backslash, starts with Feuillet's reserved `-` segment, or is absurdly long.
 */
export function parseWrittenPath(written: string, what: 'folder' | 'file'): WikiPath | Refusal {
  const trimmed = written.normalize('NFC').trim().replace(/^\/+|\/+$/g, '');
  const shown = JSON.stringify(withBidiShown(trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed));
  if (trimmed === '' && what === 'file') return refusal('Donnez un nom de fichier.', 'Give a file name.');
  if (bytes(trimmed) > MAX_PATH_BYTES) return refusal('Ce chemin est beaucoup trop long.', 'This path is far too long.');
  const path = parseWikiPath(trimmed);
  if (path === undefined) {
    return refusal(
      `Le chemin ${shown} n’est pas accepté (pas de « .. », de « .git », de barre oblique inverse ni de caractère de contrôle).`,
      `The path ${shown} is not accepted (no “..”, “.git”, backslash or control character).`,
    );
  }
  if (BIDI_CONTROL.test(path)) {
    return refusal(
      `Le chemin ${shown} contient un caractère invisible qui inverse le sens d’affichage (comme U+202E) : un nom pourrait s’afficher autrement qu’il n’est.`,
      `The path ${shown} holds an invisible character that reverses the display order (such as U+202E): a name could show as other than it is.`,
    );
  }
  const segments = path === '' ? [] : path.split('/');
  if (segments[0] === '-') return refusal('Un chemin ne peut pas commencer par « - » : ce dossier est réservé à Feuillet.', 'A path cannot start with “-”: that folder is reserved for Feuillet.');
  for (const segment of segments) {
    if (segment.startsWith('.')) return refusal(`« ${segment} » : un nom commençant par un point serait un fichier caché, pas une page.`, `“${segment}”: a name starting with a dot would be a hidden file, not a page.`);
    if (segment.trim() !== segment) return refusal(`« ${segment} » : un nom ne peut pas commencer ni finir par une espace.`, `“${segment}”: a name cannot start or end with a space.`);
    if (bytes(segment) > MAX_NAME_BYTES) return refusal('Un des noms de ce chemin est trop long (200 octets au plus).', 'A name in this path is too long (200 bytes at most).');
  }
  return path;
}

/** A page path written in a form: `.md` is added when the name has no Markdown extension. */
export function parsePagePath(written: string): WikiPath | Refusal {
  const trimmed = written.normalize('NFC').trim();
  return parseWrittenPath(isMarkdown(trimmed) ? trimmed : `${trimmed.replace(/\/+$/, '')}.md`, 'file');
}

/**
 * The existing file a new path would collide with: the same path without case and normalisation, or,
 * for a page, another page with the same URL (`x.markdown` for `x.md`, a file named `x`).
 */
export function collisionWith(revision: Revision, path: WikiPath, except?: WikiPath): WikiPath | undefined {
  const lower = path.toLowerCase();
  const candidates = isMarkdown(path) ? [withoutExtension(lower), `${withoutExtension(lower)}.md`, `${withoutExtension(lower)}.markdown`] : [lower];
  for (const candidate of candidates) {
    const found = revision.byLowerCase.get(candidate)?.find((p) => p !== except);
    if (found !== undefined) return found;
  }
  // A file where the new path needs a folder (`a.md` the file, `a.md/b.md` the page) cannot be both.
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const folder = segments.slice(0, i).join('/').toLowerCase();
    const found = revision.byLowerCase.get(folder)?.find((p) => p !== except);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function collisionRefusal(existing: WikiPath): Refusal {
  return refusal(
    `Une page ou un fichier de ce nom existe déjà : « ${existing} » (les noms qui ne diffèrent que par les majuscules ou les accents composés sont les mêmes). Choisissez un autre nom.`,
    `A page or file of that name already exists: “${existing}” (names that differ only in capitals or in how accents are encoded are the same). Choose another name.`,
  );
}
