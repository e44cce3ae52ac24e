import { parse, CsvError as CsvParseError, type Options as CsvParseOptions } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import MarkdownIt from 'markdown-it';
import { UserError, type Bilingual } from '../user-error.js';

/*
 * CSV files as tables. Parsing (csv-parse) takes the bytes as found in wikis: any of four delimiters, quoted
 * fields, UTF-8 with or without BOM, UTF-16 with BOM, and — with a note — Windows-1252 files from old
 * spreadsheets. Rendering writes an accessible table (classes `data-table*`) that
 * `views/assets/sortable-table.js` makes sortable.
 */

export type Delimiter = ',' | ';' | '\t' | '|';

export interface DataColumn {
  name: string;
  /** Every non-empty cell is a number (`1 234,5`, `-3.2`, `12 %`): right-aligned, sorted by value. */
  numeric: boolean;
}

export interface DataTable {
  columns: DataColumn[];
  /** The rows after the header, each with exactly one cell per column. */
  rows: string[][];
  delimiter: Delimiter;
  /** What was read in a way the author may not expect (short rows, encoding). */
  problems: Bilingual[];
}

/** A sentence for people, in both languages the interface speaks. */
export type { Bilingual } from '../user-error.js';

export type CsvErrorReason = 'empty' | 'too-large' | 'too-many-rows' | 'too-many-columns' | 'binary' | 'unclosed-quote' | 'malformed';

/** A table file Feuillet cannot show: the page says why in place of the table. */
export class CsvError extends UserError {
  constructor(
    readonly reason: CsvErrorReason,
    text: Bilingual,
    /** 1-based line of the file, when the fault has one. */
    readonly line?: number,
  ) {
    super(text.fr, text.en, 422);
  }
}

export interface ParseCsvOptions {
  /** Largest file read (default 5 MiB). */
  maxBytes?: number;
  /** Most rows after the header (default 10 000). */
  maxRows?: number;
  /** Most columns (default 200). */
  maxColumns?: number;
}

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const SAMPLE_RECORDS = 20;
const SAMPLE_CHARS = 64 * 1024;
const MAX_FIELD_CHARS = 1024 * 1024;
const SHOWN_PROBLEMS = 5;

const both = (fr: string, en: string): Bilingual => ({ fr, en });

/** Reads a CSV file. The first row is the header. Rows of another length are padded and reported. */
export function parseCsv(input: Buffer | string, options: ParseCsvOptions = {}): DataTable | CsvError {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRows = options.maxRows ?? 10_000;
  const maxColumns = options.maxColumns ?? 200;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) {
    return new CsvError('too-large', both(`Fichier trop grand pour être affiché (plus de ${maxBytes} octets) ; il reste téléchargeable`, `file too large to show (over ${maxBytes} bytes); it can still be downloaded`));
  }
  const decoded = typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), problems: [] } : decode(input);
  const { text } = decoded;
  if (text.trim() === '') return new CsvError('empty', both('Le fichier est vide', 'the file is empty'));
  if (text.includes('\u0000')) {
    return new CsvError('binary', both("Ce fichier n'est pas du texte (ou son encodage n'est pas reconnu)", 'this file is not text (or its encoding is not recognised)'));
  }
  const delimiter = detectDelimiter(text);
  // The line each record ends on, for reporting rows of the wrong length and where a quote stays open.
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      ...READ_OPTIONS,
      delimiter,
      // One record past the limit is enough to know the file is over it.
      to: maxRows + 2,
      on_record: (record, context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    return readError(error, lines.at(-1) ?? 0);
  }
  if (records.length > maxRows + 1) {
    return new CsvError('too-many-rows', both(`Trop de lignes pour être affiché (plus de ${maxRows}) ; le fichier reste téléchargeable`, `too many rows to show (over ${maxRows}); the file can still be downloaded`));
  }
  const width = Math.max(...records.map((r) => r.length));
  if (width > maxColumns) {
    return new CsvError('too-many-columns', both(`Trop de colonnes pour être affiché (${width}, au plus ${maxColumns})`, `too many columns to show (${width}, at most ${maxColumns})`));
  }
  const [header = [], ...body] = records;
  const problems = [...decoded.problems];
  const ragged = body.flatMap((record, i) => (record.length === header.length ? [] : [{ fields: record.length, line: lines[i + 1] ?? 0 }]));
  for (const { fields, line } of ragged.slice(0, SHOWN_PROBLEMS)) {
    problems.push(both(`Ligne ${line} : ${fields} champ(s) au lieu de ${header.length}`, `line ${line}: ${fields} field(s) instead of ${header.length}`));
  }
  if (ragged.length > SHOWN_PROBLEMS) {
    problems.push(both(`… et ${ragged.length - SHOWN_PROBLEMS} autre(s) ligne(s) de longueur inattendue`, `… and ${ragged.length - SHOWN_PROBLEMS} more row(s) of unexpected length`));
  }
  const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
  const rows = body.map(pad);
  const columns = pad(header).map((name, i) => ({ name: name.trim(), numeric: isNumericColumn(rows, i) }));
  return { columns, rows, delimiter, problems };
}

const READ_OPTIONS: CsvParseOptions = {
  relax_column_count: true,
  // A quote inside an unquoted field (`5" screen`) is a character, as spreadsheets read it.
  relax_quotes: true,
  skip_empty_lines: true,
  max_record_size: MAX_FIELD_CHARS,
};

function readError(error: unknown, lastGoodLine: number): CsvError {
  if (error instanceof CsvParseError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const line = lastGoodLine + 1;
    return new CsvError('unclosed-quote', both(`Un guillemet ouvert à la ligne ${line} (ou après) n'est jamais refermé`, `a quote opened on line ${line} (or after) is never closed`), line);
  }
  if (error instanceof CsvParseError && error.code === 'CSV_MAX_RECORD_SIZE') {
    return new CsvError('too-large', both(`Une ligne dépasse ${MAX_FIELD_CHARS} caractères`, `a row is over ${MAX_FIELD_CHARS} characters long`), lastGoodLine + 1);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CsvError('malformed', both(`Fichier CSV illisible : ${message}`, `unreadable CSV file: ${message}`), lastGoodLine + 1);
}

/**
 * UTF-8 (BOM or not) and UTF-16 with a BOM are read as such. Bytes that are not UTF-8 are most often a
 * spreadsheet's Windows-1252 export: read that way, with a note, rather than refused.
 */
function decode(bytes: Buffer): { text: string; problems: Bilingual[] } {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), problems: [] };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems: [] };
  } catch {
    return {
      // iconv-lite, because Node 20's TextDecoder reads 0x80–0x9F (€, œ, ’…) as Latin-1 control characters.
      text: iconv.decode(bytes, 'windows-1252'),
      problems: [both("Le fichier n'est pas en UTF-8 : il a été lu comme du Windows-1252", 'the file is not UTF-8: it was read as Windows-1252')],
    };
  }
}

/**
 * The delimiter that splits the first records into the most consistent number of fields (more than one),
 * ties going to more fields, then to the order `,` `;` tab `|`. csv-parse's own `delimiter_auto` counts
 * characters without regard to quotes, which misreads `;` files whose quoted cells hold commas.
 */
export function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, SAMPLE_CHARS);
  let best: { delimiter: Delimiter; consistency: number; fields: number } = { delimiter: ',', consistency: 0, fields: 1 };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parse(sample, { ...READ_OPTIONS, delimiter, to: SAMPLE_RECORDS });
    } catch {
      continue;
    }
    const counts = new Map<number, number>();
    for (const record of records) counts.set(record.length, (counts.get(record.length) ?? 0) + 1);
    const [fields, times] = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [1, 0];
    const consistency = times / records.length;
    if (fields < 2) continue;
    if (consistency > best.consistency || (consistency === best.consistency && fields > best.fields)) best = { delimiter, consistency, fields };
  }
  return best.delimiter;
}

// Numbers as French and English tables write them: `1 234,56`, `1,234.56`, `-3.2`, `12 %`, `45 €`.
const NUMBER = /^[+\-\u2212]?[$€£]?\s?(?:\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+|\d+)(?:[.,]\d+)?(?:e[+-]?\d+)?\s?[%€$£]?$/iu;

function isNumericColumn(rows: string[][], column: number): boolean {
  let seen = false;
  for (const row of rows) {
    const cell = (row[column] ?? '').trim();
    if (cell === '') continue;
    if (!NUMBER.test(cell)) return false;
    seen = true;
  }
  return seen;
}

// --- Rendering ---

const { escapeHtml } = new MarkdownIt().utils;

export interface RenderDataTableOptions {
  /** Says what the table holds; also names the scrolling region. */
  caption: string;
  downloadHref: string;
  lang: 'fr' | 'en';
}

const LABELS = {
  fr: {
    column: (n: number) => `Colonne ${n}`,
    download: (rows: number) => `Télécharger les données (CSV, ${rows} ligne${rows > 1 ? 's' : ''})`,
    problems: 'Remarques sur la lecture du fichier\u00a0:',
  },
  en: {
    column: (n: number) => `Column ${n}`,
    download: (rows: number) => `Download the data (CSV, ${rows} row${rows > 1 ? 's' : ''})`,
    problems: 'Notes on reading the file:',
  },
} as const;

/**
 * An accessible table: a caption, column headers with `scope`, numbers right-aligned by a class, inside a
 * region that scrolls (and takes focus, for keyboards) when the table is wide; then a download link.
 * Cells are text: `=SUM(…)` or `<script>` show as written.
 */
export function renderDataTable(table: DataTable, options: RenderDataTableOptions): string {
  const labels = LABELS[options.lang];
  const num = (column: DataColumn | undefined) => (column?.numeric ? ' class="data-table-num"' : '');
  const head = table.columns
    .map((c, i) => `<th scope="col"${num(c)}>${escapeHtml(c.name || labels.column(i + 1))}</th>`)
    .join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${num(table.columns[i])}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = escapeHtml(options.caption);
  const parts = [
    '<div class="data-table-block">',
    `<div class="data-table-scroll" role="region" aria-label="${caption}" tabindex="0">`,
    `<table class="data-table"><caption>${caption}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody></table></div>`,
  ];
  if (table.problems.length > 0) {
    const items = table.problems.map((p) => `<li>${escapeHtml(p[options.lang])}</li>`).join('');
    parts.push(`<div class="data-table-problems" role="note"><p>${escapeHtml(labels.problems)}</p><ul>${items}</ul></div>`);
  }
  parts.push(`<p class="data-table-download"><a href="${escapeHtml(options.downloadHref)}" download>${escapeHtml(labels.download(table.rows.length))}</a></p>`, '</div>');
  return parts.join('');
}
