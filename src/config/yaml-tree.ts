import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { configProblem, type ConfigProblem } from './problems.js';

/** A YAML value with the line it starts on, so that a problem can name its line. */
export type YamlNode = YamlMapping | YamlList | YamlScalar;
export interface YamlMapping { kind: 'mapping'; line: number; entries: YamlEntry[] }
export interface YamlEntry { key: string; line: number; value: YamlNode }
export interface YamlList { kind: 'list'; line: number; items: YamlNode[] }
export interface YamlScalar { kind: 'scalar'; line: number; value: string | number | boolean | null }

/** Settings files are a few dozen lines; anything this big is a mistake or an attack. */
export const MAX_SETTINGS_CHARS = 256 * 1024;
// Real settings use no alias or a few; "billion laughs" documents need many (yaml's own guard, made small).
const MAX_ALIAS_COUNT = 20;
// Settings nest three levels deep (`mail.relay.host`); this leaves room and stops recursive aliases.
const MAX_DEPTH = 16;
const MAX_FLOW_DEPTH = 64;
const MAX_SYNTAX_ERRORS = 3;

/**
 * Reads a settings file that must be a mapping of keys. Never throws: what cannot be read becomes problems,
 * and a file that cannot be read at all gives an empty mapping. Tolerates a UTF-8 BOM and CRLF line ends.
 */
export function readYamlMapping(source: string, file: string): { mapping: YamlMapping; problems: ConfigProblem[] } {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const empty: YamlMapping = { kind: 'mapping', line: 1, entries: [] };
  const fail = (line: number, fr: string, en: string) => ({ mapping: empty, problems: [configProblem(file, line, fr, en)] });
  if (text.length > MAX_SETTINGS_CHARS) {
    return fail(1, `fichier trop grand (plus de ${MAX_SETTINGS_CHARS / 1024} Kio)`, `file too large (over ${MAX_SETTINGS_CHARS / 1024} KiB)`);
  }
  const deepLine = tooDeepFlowLine(text);
  if (deepLine !== undefined) return fail(deepLine, 'trop de [ ou { imbriqués', 'too many nested [ or {');
  const lines = new LineCounter();
  const lineAt = (offset: number) => Math.max(1, lines.linePos(offset).line);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // One syntax error often causes a cascade of others; the first few say enough.
  if (doc.errors.length > 0) return { mapping: empty, problems: doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((error) => yamlProblem(file, lineAt(error.pos[0]), error)) };
  try {
    // Run yaml's own alias accounting once: it throws on exponential expansion and on unknown anchors.
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch {
    return fail(1, `trop d'alias YAML (au plus ${MAX_ALIAS_COUNT}) ou alias sans ancre`, `too many YAML aliases (at most ${MAX_ALIAS_COUNT}) or an alias without anchor`);
  }
  const problems = doc.warnings.map((warning) => yamlProblem(file, lineAt(warning.pos[0]), warning));
  if (doc.contents === null) return { mapping: empty, problems };
  const walker = new TreeWalker(doc, file, lineAt, problems);
  const root = walker.node(doc.contents, 0);
  if (root?.kind !== 'mapping') {
    problems.push(configProblem(file, root?.line ?? 1, 'le fichier doit être une liste de réglages « clé: valeur »', 'the file must be a mapping of "key: value" settings'));
    return { mapping: empty, problems };
  }
  return { mapping: root, problems };
}

class TreeWalker {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lineAt: (offset: number) => number,
    private readonly problems: ConfigProblem[],
  ) {}

  node(node: unknown, depth: number): YamlNode | undefined {
    const line = this.lineAt(hasRange(node) ? node.range[0] : 0);
    if (depth > MAX_DEPTH) {
      this.problems.push(configProblem(this.file, line, 'réglages trop imbriqués', 'settings nested too deep'));
      return undefined;
    }
    // Safe to follow: toJS above has bounded how often aliases expand.
    if (isAlias(node)) return this.node(node.resolve(this.doc), depth + 1);
    if (isMap(node)) {
      const entries: YamlEntry[] = [];
      for (const pair of node.items) {
        const keyLine = hasRange(pair.key) ? this.lineAt(pair.key.range[0]) : line;
        if (!isScalar(pair.key) || (pair.key.value !== null && typeof pair.key.value === 'object')) {
          this.problems.push(configProblem(this.file, keyLine, 'une clé doit être un simple mot', 'a key must be a plain word'));
          continue;
        }
        const value = pair.value === null ? { kind: 'scalar' as const, line: keyLine, value: null } : this.node(pair.value, depth + 1);
        if (value) entries.push({ key: String(pair.key.value), line: keyLine, value });
      }
      return { kind: 'mapping', line, entries };
    }
    if (isSeq(node)) {
      const items = node.items.flatMap((item) => this.node(item, depth + 1) ?? []);
      return { kind: 'list', line, items };
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return { kind: 'scalar', line, value };
      this.problems.push(configProblem(this.file, line, 'valeur d’un type non pris en charge : écrivez-la entre guillemets', 'unsupported kind of value: write it between quotes'));
      return undefined;
    }
    return undefined;
  }
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/**
 * The line of the first `[` or `{` nested deeper than real settings ever are, if any. yaml's parser only
 * notices very deep nesting once its stack overflows, after seconds and hundreds of megabytes, so this
 * rough count (it does not skip quoted text) refuses such input first.
 */
export function tooDeepFlowLine(text: string): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return line;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

// yaml's own messages may quote the source (a password on a broken line), so only its code is used.
const YAML_CODES: Readonly<Record<string, readonly [string, string]>> = {
  DUPLICATE_KEY: ['clé écrite deux fois', 'key written twice'],
  TAB_AS_INDENT: ['tabulation dans l’indentation : indentez avec des espaces', 'tab used for indentation: indent with spaces'],
  MULTIPLE_DOCS: ['un seul document YAML attendu (pas de second ---)', 'a single YAML document expected (no second ---)'],
  BAD_INDENT: ['indentation incorrecte', 'wrong indentation'],
  BLOCK_AS_IMPLICIT_KEY: ['deux-points mal placé : mettez la valeur entre guillemets', 'misplaced colon: put the value between quotes'],
  MISSING_CHAR: ['caractère manquant (guillemet, crochet ou accolade non fermé ?)', 'missing character (unclosed quote, bracket or brace?)'],
  TAG_RESOLVE_FAILED: ['étiquette YAML inconnue, valeur lue comme du texte', 'unknown YAML tag, value read as text'],
  RESOURCE_EXHAUSTION: ['document trop imbriqué', 'document nested too deep'],
};

function yamlProblem(file: string, line: number, error: YAMLError): ConfigProblem {
  const [fr, en] = YAML_CODES[error.code] ?? ['YAML invalide', 'invalid YAML'];
  return configProblem(file, line, `${fr} (${error.code})`, `${en} (${error.code})`);
}
