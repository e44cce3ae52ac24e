/**
 * Heading ids. Feuillet's rule (GitHub's, so hand-written tables of contents from GitHub keep working):
 * lower-case, accents kept (NFC), every character that is not a letter, digit, mark, space, `-` or `_`
 * removed, each space becomes `-`. `Références & liens` → `références--liens`.
 */
export function headingSlug(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The id man.sr.ht gave the same heading, kept as an alias so that old links still land: its rule works on
 * the heading's rendered HTML, lower-cased, spaces to `-`, and deletes everything outside `[a-z0-9-_]`, so
 * `Autorisation par défaut` → `autorisation-par-dfaut` and `&` (rendered `&amp;`) → `amp`.
 */
export function sourcehutSlug(renderedInnerHtml: string): string {
  return renderedInnerHtml
    .toLowerCase()
    .replace(/ /g, '-')
    .replace(/[^a-z0-9_-]/g, '');
}

/** Makes ids unique within a page: the second `présentation` becomes `présentation-1`. */
export class SlugRegistry {
  private readonly used = new Set<string>();

  unique(slug: string): string {
    let candidate = slug;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${slug}-${i}`;
    this.used.add(candidate);
    return candidate;
  }

  has(id: string): boolean {
    return this.used.has(id);
  }

  reserve(id: string): void {
    this.used.add(id);
  }
}
