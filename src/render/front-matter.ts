import { parseDocument } from 'yaml';
import { tooDeepFlowLine } from '../config/yaml-tree.js';

export interface FrontMatter {
  title?: string;
  toc?: boolean;
  description?: string;
  lang?: string;
  /** Every key as written, for features that read their own keys. */
  data: Readonly<Record<string, unknown>>;
}

export interface FrontMatterProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface SplitPage {
  frontMatter: FrontMatter;
  body: string;
  /** How many lines of the file come before the body (to report Markdown line numbers as file lines). */
  bodyLineOffset: number;
  problems: FrontMatterProblem[];
}

const OPENER = /^---[ \t]*\r?\n/;
const CLOSER = /^(?:---|\.\.\.)[ \t]*\r?$/m;
// Expanding aliases is how a "billion laughs" document grows; real front matter needs none or a few.
const MAX_ALIASES = 20;
// Front matter is a few keys; a larger block is an attack or a mistake, and the YAML parser is slow on it.
const MAX_FRONT_MATTER = 64 * 1024;

const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(.*?)[ \t]*$/;
// Plain scalars YAML reads as something else than text, or that need the full grammar.
const NOT_PLAIN_TEXT = /^(?:[-?:,[\]{}#&*!|>'"%@`]|(?:true|false|yes|no|on|off|null|~)$|[-+.]?[0-9])|:[ \t]|[ \t]#|:$/i;

// Characters YAML refuses or reads as line breaks: such lines are left to the parser and its errors.
// eslint-disable-next-line no-control-regex
const NOT_SIMPLE = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

function simpleScalar(raw: string): string | boolean | undefined {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  const quote = raw[0];
  if (raw.length >= 2 && (quote === '"' || quote === "'") && raw.endsWith(quote)) {
    const inner = raw.slice(1, -1);
    return inner.includes(quote) || (quote === '"' && inner.includes('\\')) ? undefined : inner;
  }
  return raw === '' || NOT_PLAIN_TEXT.test(raw) ? undefined : raw;
}

/**
 * The front matter as the YAML parser would read it, when it is only `key: value` lines of text or true/false;
 * undefined for anything else (escapes, lists, anchors, numbers, repeated keys…), which the parser reads.
 * Written by hand because nearly every page's front matter is such lines and the parser costs ~0.3 ms a
 * page: a quarter of a 10,000-page build's reading.
 */
export function simpleMapping(yamlText: string): Record<string, string | boolean> | undefined {
  const data: Record<string, string | boolean> = {};
  for (const line of yamlText.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (NOT_SIMPLE.test(trimmed)) return undefined;
    if (trimmed.trim() === '') continue;
    const match = SIMPLE_LINE.exec(trimmed);
    const key = match?.[1];
    const value = match?.[2] === undefined ? undefined : simpleScalar(match[2]);
    if (key === undefined || value === undefined || Object.hasOwn(data, key) || key === '__proto__') return undefined;
    data[key] = value;
  }
  return data;
}

function problem(line: number, fr: string, en: string): FrontMatterProblem {
  return { line, message: `${fr} / ${en}` };
}

/**
 * Splits YAML front matter from the Markdown body. Tolerates a UTF-8 BOM and CRLF line ends. A block that
 * cannot be read leaves the page renderable: the front matter is then empty and a problem says why.
 */
export function splitFrontMatter(source: string): SplitPage {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const empty: FrontMatter = { data: {} };
  const opener = OPENER.exec(text);
  if (!opener) return { frontMatter: empty, body: text, bodyLineOffset: 0, problems: [] };
  const afterOpener = text.slice(opener[0].length);
  const closer = CLOSER.exec(afterOpener);
  if (!closer) return { frontMatter: empty, body: text, bodyLineOffset: 0, problems: [] };
  const yamlText = afterOpener.slice(0, closer.index);
  const rest = afterOpener.slice(closer.index + closer[0].length);
  const body = rest.replace(/^\n/, '');
  const bodyLineOffset = 2 + (yamlText.match(/\n/g)?.length ?? 0);
  return { ...readFrontMatter(yamlText), body, bodyLineOffset };
}

function readFrontMatter(yamlText: string): { frontMatter: FrontMatter; problems: FrontMatterProblem[] } {
  const empty: FrontMatter = { data: {} };
  if (yamlText.trim() === '') return { frontMatter: empty, problems: [] };
  if (yamlText.length > MAX_FRONT_MATTER) {
    return { frontMatter: empty, problems: [problem(2, 'En-tête YAML trop long (64 Kio au plus)', 'front matter too long (64 KiB at most)')] };
  }
  const deep = tooDeepFlowLine(yamlText);
  if (deep !== undefined) {
    return { frontMatter: empty, problems: [problem(1 + deep, 'YAML trop imbriqué', 'YAML nested too deeply')] };
  }
  let value: unknown = simpleMapping(yamlText);
  if (value === undefined) {
    const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
    const firstError = doc.errors[0];
    if (firstError) {
      const line = 1 + (firstError.linePos?.[0]?.line ?? 1);
      return { frontMatter: empty, problems: [problem(line, `YAML invalide : ${firstError.code}`, `invalid YAML: ${firstError.code}`)] };
    }
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      return { frontMatter: empty, problems: [problem(2, 'YAML trop imbriqué (alias)', 'YAML expands too much (aliases)')] };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { frontMatter: empty, problems: [problem(2, "L'en-tête YAML n'est pas un dictionnaire de clés", 'front matter is not a mapping of keys')] };
  }
  const data = value as Record<string, unknown>;
  const problems: FrontMatterProblem[] = [];
  const frontMatter: FrontMatter = { data };
  const lineOf = (key: string) => {
    const offset = yamlText.search(new RegExp(`^${key}\\s*:`, 'm'));
    return 2 + (offset < 0 ? 0 : (yamlText.slice(0, offset).match(/\n/g)?.length ?? 0));
  };
  if ('title' in data) {
    if (typeof data.title === 'string' || typeof data.title === 'number') frontMatter.title = String(data.title).trim();
    else problems.push(problem(lineOf('title'), '`title` doit être un texte', '`title` must be text'));
  }
  if ('toc' in data) {
    if (typeof data.toc === 'boolean') frontMatter.toc = data.toc;
    else problems.push(problem(lineOf('toc'), '`toc` doit valoir true ou false', '`toc` must be true or false'));
  }
  if ('description' in data) {
    if (typeof data.description === 'string') frontMatter.description = data.description.trim();
    else problems.push(problem(lineOf('description'), '`description` doit être un texte', '`description` must be text'));
  }
  if ('lang' in data) {
    if (typeof data.lang === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(data.lang)) frontMatter.lang = data.lang;
    else problems.push(problem(lineOf('lang'), '`lang` doit être un code de langue (fr, en…)', '`lang` must be a language code (fr, en…)'));
  }
  return { frontMatter, problems };
}
