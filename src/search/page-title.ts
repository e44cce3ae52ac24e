import { splitFrontMatter } from '../render/front-matter.js';

/**
 * A page's front matter title and its Markdown body, for the index.
 *
 * Indexing reads every page at start, and the YAML parser costs ~0.1 ms a page (a second for 10,000 pages).
 * Nearly every front matter is a few `key: value` lines, whose title can be read exactly without it: this
 * reads that subset and hands anything else (quoting with escapes, lists, anchors, numbers, repeated
 * keys…) to the renderer's own `splitFrontMatter`, so the title is always the one the page shows.
 */
export function titleAndBody(source: string): { title?: string; body: string } {
  const quick = simpleFrontMatter(source);
  if (quick) return quick;
  const split = splitFrontMatter(source);
  return split.frontMatter.title ? { title: split.frontMatter.title, body: split.body } : { body: split.body };
}

const OPENER = /^---[ \t]*\r?\n/;
const CLOSER = /^(?:---|\.\.\.)[ \t]*\r?$/m;
const LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(.*?)[ \t]*$/;
// Plain scalars YAML reads as something else than text, or that need the full grammar.
const NOT_PLAIN_TEXT = /^(?:[-?:,[\]{}#&*!|>'"%@`]|(?:true|false|yes|no|on|off|null|~)$|[-+.]?[0-9])|: | #|:$/i;

function scalar(raw: string): string | undefined {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    const inner = raw.slice(1, -1);
    return inner.includes('"') || inner.includes('\\') ? undefined : inner;
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
    const inner = raw.slice(1, -1);
    return inner.includes("'") ? undefined : inner;
  }
  return raw === '' || NOT_PLAIN_TEXT.test(raw) ? undefined : raw;
}

/** The title and body when the front matter is absent or only simple lines; undefined otherwise. */
function simpleFrontMatter(source: string): { title?: string; body: string } | undefined {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const opener = OPENER.exec(text);
  if (!opener) return { body: text };
  const afterOpener = text.slice(opener[0].length);
  const closer = CLOSER.exec(afterOpener);
  if (!closer) return { body: text };
  const keys = new Set<string>();
  let title: string | undefined;
  for (const line of afterOpener.slice(0, closer.index).split('\n')) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim() === '') continue;
    const match = LINE.exec(trimmed);
    const key = match?.[1];
    const value = match?.[2] === undefined ? undefined : scalar(match[2]);
    if (key === undefined || value === undefined || keys.has(key)) return undefined;
    keys.add(key);
    if (key === 'title') title = value.trim();
  }
  const body = afterOpener.slice(closer.index + closer[0].length).replace(/^\r?\n/, '');
  return title ? { title, body } : { body };
}
