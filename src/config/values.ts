import { statSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { configProblem, type ConfigProblem } from './problems.js';
import type { YamlNode } from './yaml-tree.js';

/** A value as given: a YAML node from a file, or the text of an environment variable or a flag. */
export type RawValue = YamlNode | { kind: 'text'; text: string };

/** A value that could be used, or why not (French / English, and the line of the faulty part if known). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; fr: string; en: string; line?: number };

export interface ParseContext {
  /** Relative paths are read from here: the settings file's folder, or the working folder for env and flags. */
  baseDir: string;
}

export const LANGUAGES = ['fr', 'en'] as const;
export const THEMES = ['default', 'dsfr'] as const;
/** The accessibility status a French public website must display (RGAA): "… conforme". */
export const ACCESSIBILITY_STATUSES = ['non', 'partiellement', 'totalement'] as const;
export const WIKI_FORMATS = ['auto', 'sourcehut', 'gollum'] as const;

export type DatabaseLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
export interface Licence { name: string; url?: string }

/** What each kind of setting holds once read. */
export interface KindTypes {
  text: string;
  secret: string;
  host: string;
  port: number;
  bytes: number;
  boolean: boolean;
  'http-url': string;
  'base-url': string;
  'url-prefix': string;
  file: string;
  folder: string;
  database: DatabaseLocation;
  email: string;
  sender: string;
  scopes: readonly string[];
  networks: readonly string[];
  'git-ref': string;
  'relative-path': string;
  licence: Licence;
  language: (typeof LANGUAGES)[number];
  theme: (typeof THEMES)[number];
  accessibility: (typeof ACCESSIBILITY_STATUSES)[number];
  format: (typeof WIKI_FORMATS)[number];
}
export type ValueKind = keyof KindTypes;

type Parser<T> = (raw: RawValue, ctx: ParseContext) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (fr: string, en: string, line?: number): Parsed<never> => (line === undefined ? { ok: false, fr, en } : { ok: false, fr, en, line });
const CONTROL = /\p{Cc}/u;

function scalarOf(raw: RawValue): { value: string | number | boolean | null; fromText: boolean } | undefined {
  if (raw.kind === 'text') return { value: raw.text, fromText: true };
  return raw.kind === 'scalar' ? { value: raw.value, fromText: false } : undefined;
}

const text: Parser<string> = (raw) => {
  const s = scalarOf(raw);
  if (s === undefined || s.value === null || typeof s.value === 'boolean') return no('doit être un texte', 'must be text');
  const value = String(s.value).trim();
  if (value === '') return no('ne doit pas être vide', 'must not be empty');
  if (CONTROL.test(value)) return no('doit tenir sur une ligne, sans caractère de contrôle', 'must be one line, without control characters');
  return ok(value);
};

// A number would lose what YAML drops (leading zeros), so a secret must be written as text.
const secret: Parser<string> = (raw) => {
  const s = scalarOf(raw);
  if (typeof s?.value !== 'string') return no('doit être un texte entre guillemets', 'must be text between quotes');
  if (s.value === '' || CONTROL.test(s.value)) return no('doit tenir sur une ligne, non vide', 'must be one non-empty line');
  return ok(s.value);
};

function textThen<T>(check: (value: string, ctx: ParseContext) => Parsed<T>): Parser<T> {
  return (raw, ctx) => {
    const parsed = text(raw, ctx);
    return parsed.ok ? check(parsed.value, ctx) : parsed;
  };
}

const host = textThen((value) => {
  const bare = value.replace(/^\[(.*)\]$/, '$1'); // [::1] as in URLs; Node wants ::1
  return /^[A-Za-z0-9.:_%-]+$/.test(bare) ? ok(bare) : no('doit être un nom d’hôte ou une adresse IP', 'must be a host name or an IP address');
});

const port: Parser<number> = (raw) => {
  const s = scalarOf(raw);
  const value = s?.fromText && typeof s.value === 'string' && /^\s*\d{1,5}\s*$/.test(s.value) ? Number(s.value) : s?.value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) return ok(value);
  return no('doit être un numéro de port (entier de 0 à 65535)', 'must be a port number (an integer from 0 to 65535)');
};

const UNITS = new Map([['', 1], ['b', 1], ['kb', 1e3], ['mb', 1e6], ['gb', 1e9], ['kib', 2 ** 10], ['mib', 2 ** 20], ['gib', 2 ** 30]]);
const bytes: Parser<number> = (raw) => {
  const s = scalarOf(raw);
  let value = typeof s?.value === 'number' ? s.value : NaN;
  const written = typeof s?.value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(s.value) : null;
  const unit = written ? UNITS.get((written[2] ?? '').toLowerCase()) : undefined;
  if (written && unit !== undefined) value = Math.round(Number(written[1]) * unit);
  if (Number.isSafeInteger(value) && value >= 1) return ok(value);
  return no('doit être une taille en octets (nombre entier, ou 25MiB, 5MB…)', 'must be a size in bytes (an integer, or 25MiB, 5MB…)');
};

const TRUTHS = new Map([['true', true], ['false', false], ['1', true], ['0', false], ['yes', true], ['no', false], ['on', true], ['off', false], ['oui', true], ['non', false]]);
const boolean: Parser<boolean> = (raw) => {
  const s = scalarOf(raw);
  if (typeof s?.value === 'boolean') return ok(s.value);
  const fromText = s?.fromText && typeof s.value === 'string' ? TRUTHS.get(s.value.trim().toLowerCase()) : undefined;
  return fromText === undefined ? no('doit valoir true ou false', 'must be true or false') : ok(fromText);
};

function webAddress(value: string, bare: boolean): Parsed<string> {
  const fr = bare ? 'doit être une adresse http(s) absolue, sans identifiants, ni ? ni #' : 'doit être une adresse http(s) absolue, sans identifiants';
  const en = bare ? 'must be an absolute http(s) address, without credentials, ? or #' : 'must be an absolute http(s) address, without credentials';
  if (!URL.canParse(value)) return no(fr, en);
  const url = new URL(value);
  const fine = (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && (!bare || (url.search === '' && url.hash === '' && !/[?#]/.test(value)));
  return fine ? ok(value) : no(fr, en);
}

const urlPrefix = textThen((value) => {
  if (value.startsWith('/') && !value.startsWith('//')) return ok(value);
  const url = webAddress(value, true);
  return url.ok ? url : no('doit être une adresse http(s) absolue ou un chemin commençant par /', 'must be an absolute http(s) address or a path starting with /');
});

const file = textThen((value, ctx) => {
  const path = resolve(ctx.baseDir, value);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // Missing or unreadable: said below.
  }
  return isFile ? ok(path) : no(`doit nommer un fichier existant (${path} introuvable)`, `must name an existing file (${path} not found)`);
});

const database = textThen((value, ctx): Parsed<DatabaseLocation> => {
  if (/^postgres(?:ql)?:\/\//i.test(value)) {
    return URL.canParse(value) && new URL(value).hostname !== ''
      ? ok({ kind: 'postgres', url: value })
      : no('doit être une adresse postgres://utilisateur@hôte/base valide', 'must be a valid postgres://user@host/database address');
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return no('doit être une adresse postgres:// ou le chemin d’un fichier SQLite', 'must be a postgres:// address or the path of an SQLite file');
  return ok({ kind: 'sqlite', file: resolve(ctx.baseDir, value) });
});

// A plain local@domain check: what a list address or a From line needs, not RFC 5322 in full.
const EMAIL = /^[^\s@<>()[\],;:"\\]{1,64}@[^\s@<>()[\],;:"\\]{1,253}$/;
const email = textThen((value) => (EMAIL.test(value) ? ok(value) : no('doit être une adresse électronique (nom@domaine)', 'must be an email address (name@domain)')));
const sender = textThen((value) => {
  const address = /<([^<>]*)>$/.exec(value)?.[1] ?? value;
  return EMAIL.test(address) ? ok(value) : no('doit être une adresse électronique, éventuellement « Nom <nom@domaine> »', 'must be an email address, possibly "Name <name@domain>"');
});

const scopes: Parser<readonly string[]> = (raw, ctx) => {
  const items = raw.kind === 'list' ? raw.items : [raw];
  const words: string[] = [];
  for (const item of items) {
    const parsed = text(item, ctx);
    if (!parsed.ok) return no('doit être une liste de portées OpenID (openid email…)', 'must be a list of OpenID scopes (openid email…)', item.kind === 'text' ? undefined : item.line);
    words.push(...parsed.value.split(/\s+/));
  }
  if (!words.includes('openid')) return no('doit comprendre la portée openid', 'must include the openid scope');
  if (words.some((word) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(word))) return no('contient une portée mal écrite', 'contains a malformed scope');
  return ok([...new Set(words)]);
};

/** One address or network, `203.0.113.7` or `10.0.0.0/8` or `fd00::/8`, written back as `address/prefix`. */
function network(value: string): string | undefined {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  const bits = family === 4 ? 32 : 128;
  if (family === 0 || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return undefined;
  const length = prefix === undefined ? bits : Number(prefix);
  return length <= bits ? `${address}/${length}` : undefined;
}

// Several addresses in one variable or flag are separated by commas or spaces.
const networks: Parser<readonly string[]> = (raw, ctx) => {
  const found: string[] = [];
  for (const item of raw.kind === 'list' ? raw.items : [raw]) {
    const parsed = text(item, ctx);
    const line = item.kind === 'text' ? undefined : item.line;
    const words = parsed.ok ? parsed.value.split(/[\s,]+/).filter((word) => word !== '') : [];
    const read = words.map(network);
    if (!parsed.ok || read.some((entry) => entry === undefined)) {
      return no('doit être une liste d’adresses IP ou de réseaux (10.0.0.0/8)', 'must be a list of IP addresses or networks (10.0.0.0/8)', line);
    }
    found.push(...(read as string[]));
  }
  return ok([...new Set(found)]);
};

// What git itself refuses in a ref name, plus a leading dash, which git would read as an option.
const gitRef = textThen((value) =>
  /^-|\.\.|[\s~^:?*[\\]|@\{|\/\/|\/$|\.lock$|^\.|\/\./.test(value) ? no('n’est pas un nom de branche ou de référence git valide', 'is not a valid git branch or ref name') : ok(value));

const relativePath = textThen((value) => {
  const path = value.normalize('NFC').replace(/^\/+|\/+$/g, '');
  const segments = path.split('/');
  const bad = path === '' || value.includes('\\') || segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.toLowerCase() === '.git');
  return bad ? no('doit être un chemin dans le dépôt (sans .., ni .git, ni \\)', 'must be a path inside the repository (no .., .git or \\)') : ok(path);
});

const licence: Parser<Licence> = (raw, ctx) => {
  if (raw.kind !== 'mapping') {
    const name = text(raw, ctx);
    return name.ok ? ok({ name: name.value }) : no('doit être un nom de licence ou « name: … » et « url: … »', 'must be a licence name or "name: …" and "url: …"');
  }
  const result: { name?: string; url?: string } = {};
  for (const entry of raw.entries) {
    if (entry.key !== 'name' && entry.key !== 'url') return no(`clé inconnue « ${entry.key} » (name ou url)`, `unknown key "${entry.key}" (name or url)`, entry.line);
    const parsed = entry.key === 'name' ? text(entry.value, ctx) : textThen((v) => webAddress(v, false))(entry.value, ctx);
    if (!parsed.ok) return { ...parsed, line: entry.line, fr: `${entry.key} ${parsed.fr}`, en: `${entry.key} ${parsed.en}` };
    result[entry.key] = parsed.value;
  }
  return result.name === undefined ? no('doit avoir un nom (name: …)', 'must have a name (name: …)') : ok({ ...result, name: result.name });
};

function oneOf<const T extends string>(choices: readonly T[], normalise: (value: string) => string = (v) => v): Parser<T> {
  return textThen((value) => {
    const found = choices.find((choice) => choice === normalise(value.toLowerCase()));
    return found === undefined ? no(`doit valoir ${choices.join(', ')}`, `must be one of ${choices.join(', ')}`) : ok(found);
  });
}

const PARSERS: { readonly [K in ValueKind]: Parser<KindTypes[K]> } = {
  text,
  secret,
  host,
  port,
  bytes,
  boolean,
  'http-url': textThen((value) => webAddress(value, false)),
  'base-url': textThen((value) => webAddress(value, true)),
  'url-prefix': urlPrefix,
  file,
  folder: textThen((value, ctx) => ok(resolve(ctx.baseDir, value))),
  database,
  email,
  sender,
  scopes,
  networks,
  'git-ref': gitRef,
  'relative-path': relativePath,
  licence,
  language: oneOf(LANGUAGES),
  theme: oneOf(THEMES),
  accessibility: oneOf(ACCESSIBILITY_STATUSES, (value) => value.replace(/\s+conforme$/, '')),
  format: oneOf(WIKI_FORMATS),
};

/** Reads a value of the given kind. Never throws. */
export function parseValue<K extends ValueKind>(kind: K, raw: RawValue, ctx: ParseContext): Parsed<KindTypes[K]> {
  return PARSERS[kind](raw, ctx);
}

/**
 * The problem for a refused value: the key, what it must be and, unless it is a secret (`raw` omitted),
 * the value received, shortened.
 */
export function refusedValueProblem(file: string, line: number | undefined, key: string, failure: { fr: string; en: string; line?: number }, raw?: RawValue): ConfigProblem {
  // A fault inside the value (`url` of a licence) has its own line; the whole value is then not quoted.
  const shown = raw && failure.line === undefined ? shownValue(raw) : undefined;
  return configProblem(
    file,
    failure.line ?? line,
    `${key} ${failure.fr}${shown ? ` (reçu : ${shown})` : ''}`,
    `${key} ${failure.en}${shown ? ` (got ${shown})` : ''}`,
  );
}

function shownValue(raw: RawValue): string {
  if (raw.kind === 'mapping') return '{…}';
  if (raw.kind === 'list') return '[…]';
  const value = raw.kind === 'text' ? raw.text : raw.value;
  return typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : String(value);
}
