/**
 * Where, in a page's source, each link destination is written: the exact characters of `(dest)` in
 * `[text](dest "title")` and `![alt](dest)`, of `[label]: dest` reference definitions, and of the page
 * name in `[[Text|Page]]` wiki links. Found by markdown-it itself, configured as the renderer is, so a
 * link in a code block, in inline code or in an HTML comment is never taken for one: what is not a link
 * to the renderer is not a link here.
 *
 * markdown-it records no source positions below the block level; this instance watches its own link
 * rules (the destination parser they call, and where each match starts and ends) and maps the inline
 * text's offsets back to the source lines of the block (`token.map`). Every span is checked against the
 * source before it is returned: a span whose characters are not the destination (a tab the block parser
 * expanded, say) is left out, never guessed.
 */
import MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import footnote from 'markdown-it-footnote';
import { splitFrontMatter } from '../render/front-matter.js';
import { wikilinkHref, wikilinksPlugin } from '../render/wikilinks.js';

export interface LinkSpan {
  kind: 'link' | 'image' | 'definition' | 'wikilink';
  /** Offsets of the destination in the source given (front matter included). */
  start: number;
  end: number;
  /** The destination as written (`<a b.md>`, `../x.md#part`, a wiki link's page name). */
  written: string;
  /** The href markdown-it gives the renderer for it (what link resolution reads). */
  href: string;
}

interface Captured {
  src: string;
  start: number;
  end: number;
  str: string;
}

interface SpanEnv {
  wikiLinks: boolean;
  captures: Captured[];
  /** Spans in the current inline token's content, before mapping. */
  inline: { kind: LinkSpan['kind']; start: number; end: number; href: string }[];
  /** Reference definitions: offsets in the block source (the normalised body). */
  definitions: { start: number; end: number; href: string }[];
  /** The inline token being parsed, with where its content's spans go. */
  current?: { content: string; map: [number, number]; spans: SpanEnv['inline'] };
  blocks: { content: string; map: [number, number]; spans: SpanEnv['inline'] }[];
}

type InlineRule = (state: StateInline, silent: boolean) => boolean;

function watchInline(md: MarkdownIt, name: string, kind: 'link' | 'image' | 'wikilink'): void {
  const rules = (md.inline.ruler as unknown as { __rules__: { name: string; fn: InlineRule; alt: string[] }[] }).__rules__;
  const rule = rules.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no inline rule ${name}`);
  const original = rule.fn;
  const alt = [...rule.alt];
  md.inline.ruler.at(name, (state: StateInline, silent: boolean) => {
    const env = state.env as unknown as SpanEnv;
    const start = state.pos;
    const tokensBefore = state.tokens.length;
    const capturesBefore = env.captures.length;
    const matched = original(state, silent);
    const sink = env.current;
    if (!matched || silent || !sink || state.src !== sink.content) return matched;
    const end = state.pos;
    const token = state.tokens.slice(tokensBefore).find((t) => t.type === 'link_open' || t.type === 'image');
    if (!token) return matched;
    if (kind === 'wikilink') {
      if (token.type !== 'link_open') return matched; // path-first images name files, not pages
      const inner = state.src.slice(start + 2, end - 2);
      const bar = inner.indexOf('|');
      const from = start + 2 + (bar < 0 ? 0 : bar + 1);
      const raw = state.src.slice(from, end - 2);
      const lead = raw.length - raw.trimStart().length;
      const target = raw.trim();
      // The href the renderer made: a page name, or an address for `[[Text|https://…]]`.
      sink.spans.push({ kind, start: from + lead, end: from + lead + target.length, href: String(token.attrGet('href') ?? wikilinkHref(target)) });
      return matched;
    }
    // An inline destination is the one parsed after the label; a reference link has none of its own.
    if (state.src.charCodeAt(end - 1) !== 0x29 /* ) */) return matched;
    const own = env.captures.slice(capturesBefore).filter((c) => c.src === state.src && c.start > start && c.end < end);
    const dest = own.at(-1);
    const href = String(token.attrGet(token.type === 'image' ? 'src' : 'href') ?? '');
    if (!dest || md.normalizeLink(dest.str) !== href) return matched;
    sink.spans.push({ kind, start: dest.start, end: dest.end, href });
    return matched;
  }, { alt });
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

function watchDefinitions(md: MarkdownIt): void {
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule; alt: string[] }[] }).__rules__;
  const rule = rules.find((r) => r.name === 'reference');
  if (!rule) throw new Error('markdown-it has no block rule reference');
  const original = rule.fn;
  const alt = [...rule.alt];
  md.block.ruler.at('reference', (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
    const env = state.env as unknown as SpanEnv;
    const capturesBefore = env.captures.length;
    const matched = original(state, startLine, endLine, silent);
    if (!matched || silent) return matched;
    // The first destination the rule parsed in the block source is the definition's.
    const dest = env.captures.slice(capturesBefore).find((c) => c.src === state.src);
    if (dest) env.definitions.push({ start: dest.start, end: dest.end, href: md.normalizeLink(dest.str) });
    return matched;
  }, { alt });
}

function createSpanParser(): MarkdownIt {
  // The renderer's syntax (render/markdown.ts): raw HTML and autolinked URLs on, footnotes, wiki links.
  const md: MarkdownIt = new MarkdownIt({ html: true, linkify: true });
  md.use(footnote);
  md.use(wikilinksPlugin);
  const parseDestination = md.helpers.parseLinkDestination;
  md.helpers.parseLinkDestination = (str: string, start: number, max: number) => {
    const result = parseDestination(str, start, max);
    const env = capturing;
    if (env && result.ok) env.captures.push({ src: str, start, end: result.pos, str: result.str });
    return result;
  };
  watchInline(md, 'link', 'link');
  watchInline(md, 'image', 'image');
  watchInline(md, 'feuillet_wikilinks', 'wikilink');
  watchDefinitions(md);
  // Inline parsing, token by token, remembering which block each inline text belongs to.
  md.core.ruler.at('inline', (state) => {
    const env = state.env as unknown as SpanEnv;
    // Table cells carry no line: their row does, and the cells of a row come in order.
    let row: [number, number] | undefined;
    for (const token of state.tokens) {
      if (token.type === 'tr_open') row = token.map ?? undefined;
      if (token.type !== 'inline') continue;
      const map = token.map ?? row;
      const block = { content: token.content, map: map ?? [-1, -1], spans: [] as SpanEnv['inline'] };
      env.blocks.push(block);
      env.current = map ? block : undefined;
      state.md.inline.parse(token.content, state.md, state.env, token.children ?? (token.children = [] as Token[]));
      env.current = undefined;
    }
  });
  return md;
}

// The destination parser is a helper without access to the parse's env: the parse in progress is here.
let capturing: SpanEnv | undefined;
const parser = createSpanParser();

/** Offsets of each line's start in `text`, line ends being `\n`, `\r\n` or `\r` (markdown-it's). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/**
 * Where each line of an inline text sits in its source lines, or undefined where it cannot be found.
 * `cursor` holds, per line, where the last text placed on it ended: the cells of a table row share one.
 */
function placeLines(content: string, map: [number, number], lines: readonly string[], cursor: Map<number, number>): (number | undefined)[] {
  const parts = content.split('\n');
  return parts.map((part, k) => {
    const line = lines[map[0] + k];
    if (line === undefined) return undefined;
    // Every line but the last keeps its end: it is what is left of the source line after the block's markup.
    if (k < parts.length - 1) return line.endsWith(part) ? line.length - part.length : undefined;
    const from = cursor.get(map[0] + k) ?? 0;
    const at = line.indexOf(part, from);
    if (at < 0) return undefined;
    cursor.set(map[0] + k, at + part.length);
    return at;
  });
}

/** Every link destination written in a Markdown page's source, in source order. */
export function linkSpans(source: string, options: { wikiLinks: boolean }): LinkSpan[] {
  const split = splitFrontMatter(source);
  const bodyStart = source.length - split.body.length;
  const body = split.body;
  const env: SpanEnv = { wikiLinks: options.wikiLinks, captures: [], inline: [], definitions: [], blocks: [] };
  capturing = env;
  try {
    parser.parse(body, env as unknown as Record<string, unknown>);
  } finally {
    capturing = undefined;
  }
  // markdown-it reads `\r\n` and `\r` as `\n`: line by line, columns are the same in both texts.
  const normalised = body.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
  const lines = normalised.split('\n');
  const normalisedStarts = lineStarts(normalised);
  const sourceStarts = lineStarts(body);
  const toSource = (line: number, column: number) => bodyStart + (sourceStarts[line] ?? 0) + column;
  const spans: LinkSpan[] = [];
  const add = (kind: LinkSpan['kind'], start: number, end: number, href: string, written: string) => {
    if (source.slice(start, end) === written && written !== '') spans.push({ kind, start, end, written, href });
  };

  const cursor = new Map<number, number>();
  for (const block of env.blocks) {
    const placed = placeLines(block.content, block.map, lines, cursor);
    const contentStarts = lineStarts(block.content);
    for (const span of block.spans) {
      const k = contentStarts.findLastIndex((s) => s <= span.start);
      const column = placed[k];
      if (column === undefined || span.end > (contentStarts[k + 1] ?? Infinity)) continue;
      const start = toSource(block.map[0] + k, column + span.start - (contentStarts[k] ?? 0));
      add(span.kind, start, start + span.end - span.start, span.href, block.content.slice(span.start, span.end));
    }
  }
  for (const definition of env.definitions) {
    const line = normalisedStarts.findLastIndex((s) => s <= definition.start);
    const start = toSource(line, definition.start - (normalisedStarts[line] ?? 0));
    add('definition', start, start + definition.end - definition.start, definition.href, normalised.slice(definition.start, definition.end));
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The href markdown-it would give a destination written `written` (to resolve a rewritten link). */
export function hrefOfDestination(written: string): string | undefined {
  const result = parser.helpers.parseLinkDestination(written, 0, written.length);
  return result.ok && result.pos === written.length ? parser.normalizeLink(result.str) : undefined;
}
