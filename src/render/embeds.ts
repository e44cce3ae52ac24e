import type MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import type { Bilingual } from '../user-error.js';

/*
 * Embedding calendars and tables in a page: a directive alone on its line, between double braces.
 *
 *   {{agenda PATH [limite=N]}}        upcoming events of a calendar (`evenements/rdv.ics`) or of every
 *                                     calendar in a folder and its sub-folders (`evenements/`), soonest
 *                                     first, at most N (1 to 100; 10 when not given)
 *   {{tableau PATH [légende="…"]}}    the table of a CSV file, with an optional caption (by default the
 *                                     file's name)
 *
 * English words work too: `table` for `tableau`, `limit=` for `limite=`, `caption=` for `légende=`
 * (`legende=` without accent is accepted). PATH is written as in a link: relative to the page, or from the
 * wiki root when it starts with `/`; a folder ends with `/`; a path holding spaces is put in double quotes,
 * and so is an option's value (`légende="Budget 2024"`). Examples:
 *
 *   {{agenda evenements/ limite=5}}
 *   {{tableau donnees/budget.csv légende="Budget 2024"}}
 *   {{table "data/open data.csv"}}
 *
 * The directive may be indented by up to three spaces and may sit inside a list item or a quote; it is
 * not recognised inside code blocks or in the middle of a sentence. A directive that names no path, uses
 * an unknown option or gives a wrong limit shows a visible note saying what is wrong; so does one whose
 * target the wiki cannot find.
 *
 * Parsing records every directive (`env.embeds`) so the caller can load what pages embed before
 * rendering; rendering asks `env.embed(request)` for the HTML, which the caller renders and trusts.
 */

export type EmbedRequest =
  | { kind: 'agenda'; target: string; limit: number }
  | { kind: 'table'; target: string; caption?: string };

/** A sentence for people, in both languages the interface speaks. */
export type { Bilingual } from '../user-error.js';

/** A directive found while parsing, at its 1-based line in the file (front matter included). */
export type PlacedEmbed = { line: number; source: string } & ({ request: EmbedRequest } | { error: Bilingual });

export interface EmbedsParseEnv {
  embeds?: PlacedEmbed[];
  /** Lines before the Markdown body (front matter), so that lines are reported as in the file. */
  bodyLineOffset?: number;
}

export interface EmbedsRenderEnv {
  /** The HTML to put in place of a directive; undefined when its target cannot be found. */
  embed?: (request: EmbedRequest) => string | undefined;
  /** Language of the notes shown for directives that fail (default French). */
  lang?: 'fr' | 'en';
}

const KEYWORDS: Readonly<Record<string, EmbedRequest['kind']>> = { agenda: 'agenda', tableau: 'table', table: 'table' };
const OPTION_NAMES: Readonly<Record<EmbedRequest['kind'], Readonly<Record<string, string>>>> = {
  agenda: { limite: 'limit', limit: 'limit' },
  table: { 'légende': 'caption', legende: 'caption', caption: 'caption' },
};
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
// A word, a "quoted text", or name=value / name="quoted value".
const WORD = /([^\s="]+)=(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+)/gu;

const both = (fr: string, en: string): Bilingual => ({ fr, en });

/** Reads the text between the braces; undefined when it is not an embed directive at all. */
export function parseDirective(inner: string): { request: EmbedRequest } | { error: Bilingual } | undefined {
  const keyword = /^\s*(\S+)/u.exec(inner)?.[1]?.toLowerCase();
  const kind = keyword === undefined ? undefined : KEYWORDS[keyword];
  if (!kind) return undefined;
  const rest = inner.replace(/^\s*\S+/u, '');
  const targets: string[] = [];
  const options: Record<string, string> = {};
  for (const match of rest.matchAll(WORD)) {
    const [, name, quotedValue, value, quoted, word] = match;
    if (name === undefined) {
      targets.push(quoted ?? word ?? '');
      continue;
    }
    const option = OPTION_NAMES[kind][name.normalize('NFC').toLowerCase()];
    if (!option) return { error: both(`option inconnue « ${name} »`, `unknown option "${name}"`) };
    options[option] = quotedValue ?? value ?? '';
  }
  const [target, ...extra] = targets;
  if (!target) return { error: both('il manque le chemin du fichier ou du dossier', 'the path of a file or folder is missing') };
  if (extra.length > 0) return { error: both(`un seul chemin attendu, mettez-le entre guillemets s'il contient des espaces`, 'one path expected; quote it if it holds spaces') };
  if (kind === 'table') return { request: { kind, target, ...(options.caption ? { caption: options.caption } : {}) } };
  const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { error: both(`la limite doit être un nombre entier de 1 à ${MAX_LIMIT}`, `the limit must be a whole number from 1 to ${MAX_LIMIT}`) };
  }
  return { request: { kind, target, limit } };
}

function embedRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]).trimEnd();
  if (!line.startsWith('{{') || !line.endsWith('}}') || line.length < 4) return false;
  const inner = line.slice(2, -2);
  if (inner.includes('}}') || inner.includes('{{')) return false;
  const parsed = parseDirective(inner);
  if (!parsed) return false;
  if (silent) return true;
  const env = state.env as EmbedsParseEnv;
  const placed: PlacedEmbed = { line: startLine + 1 + (env.bodyLineOffset ?? 0), source: line, ...parsed };
  (env.embeds ??= []).push(placed);
  const token = state.push('feuillet_embed', 'div', 0);
  token.block = true;
  token.map = [startLine, startLine + 1];
  token.meta = { placed };
  state.line = startLine + 1;
  return true;
}

const NOTES = {
  fr: { missing: 'Contenu à intégrer introuvable\u00a0:', invalid: 'Directive d’intégration incorrecte' },
  en: { missing: 'Content to embed not found:', invalid: 'Incorrect embed directive' },
} as const;

/** Recognises `{{agenda …}}` and `{{tableau …}}` lines and renders them through `env.embed`. */
export function embedsPlugin(md: MarkdownIt): void {
  // Before `lheading`, so that a directive followed by `---` stays a directive, not a heading.
  md.block.ruler.before('lheading', 'feuillet_embed', embedRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.feuillet_embed = (tokens: Token[], idx: number, _options, renderEnv) => {
    const env = (renderEnv ?? {}) as EmbedsRenderEnv;
    const lang = env.lang === 'en' ? 'en' : 'fr';
    const placed = (tokens[idx]?.meta as { placed: PlacedEmbed } | undefined)?.placed;
    if (!placed) return '';
    const source = `<code>${md.utils.escapeHtml(placed.source)}</code>`;
    if ('error' in placed) {
      return `<p class="embed-invalid" role="note">${md.utils.escapeHtml(`${NOTES[lang].invalid} (${placed.error[lang]})\u00a0:`)} ${source}</p>\n`;
    }
    const html = env.embed?.(placed.request);
    if (html === undefined) return `<p class="embed-missing" role="note">${md.utils.escapeHtml(NOTES[lang].missing)} ${source}</p>\n`;
    return `<div class="embed-${placed.request.kind}">${html}</div>\n`;
  };
}
