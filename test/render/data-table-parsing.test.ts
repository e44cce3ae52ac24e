import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { CsvError, detectDelimiter, parseCsv, type DataTable } from '../../src/render/data-table.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

function table(input: Buffer | string): DataTable {
  const result = parseCsv(input);
  if (result instanceof CsvError) throw result;
  return result;
}

function error(input: Buffer | string, options = {}): CsvError {
  const result = parseCsv(input, options);
  assert.ok(result instanceof CsvError, 'an error was expected');
  assert.ok(result.fr && result.en);
  return result;
}

test('a French spreadsheet export: BOM, `;`, CRLF, quoted cells holding `;`, doubled quotes and line breaks', () => {
  const t = table(fixture('budget-excel-fr.csv'));
  assert.equal(t.delimiter, ';');
  assert.deepEqual(t.columns.map((c) => c.name), ['Poste', 'Montant (€)', 'Date', 'Commentaire']);
  assert.deepEqual(t.rows[0], ['Matériel; serveurs', '12 345,67', '2024-01-15', 'Achat groupé, livré en "deux" fois']);
  assert.equal(t.rows[1]?.[3], 'Sur deux\r\nlignes');
  assert.equal(t.rows.length, 3);
  assert.deepEqual(t.columns.map((c) => c.numeric), [false, true, false, false]);
  assert.deepEqual(t.problems, []);
});

test('each delimiter is found by consistent field counts, quotes respected', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n'), ',');
  assert.equal(detectDelimiter('a;b;c\n"1,5";"2,5";3\n"4,1";5;6\n'), ';', 'commas inside quoted cells do not count');
  assert.equal(detectDelimiter('a\tb\n1\t2\n'), '\t');
  assert.equal(detectDelimiter('a|b|c\n1|2|3\n'), '|');
  assert.equal(detectDelimiter('nom;valeur\nx;1,5\ny;2,25\nz;3\n'), ';', 'decimal commas are not fields');
  assert.equal(detectDelimiter('une seule colonne\nvaleur\n'), ',', 'one column: the default');
  assert.deepEqual(table('titre\nun\ndeux\n').columns.map((c) => c.name), ['titre']);
});

test('UTF-16 with a BOM (spreadsheets’ “Unicode text”) is read, tab-separated', () => {
  const t = table(fixture('measures-utf16.csv'));
  assert.equal(t.delimiter, '\t');
  assert.deepEqual(t.columns, [{ name: 'ville', numeric: false }, { name: 'température', numeric: true }]);
  assert.deepEqual(t.rows, [['Lyon', '21,5'], ['Lille', '17']]);
});

test('bytes that are not UTF-8 are read as Windows-1252 (€, Œ) with a note saying so', () => {
  const t = table(fixture('budget-windows-1252.csv'));
  assert.deepEqual(t.rows, [['Café', '3,50 €'], ['Œuvres', '1 200 €']]);
  assert.equal(t.problems.length, 1);
  assert.match(t.problems[0]?.fr ?? '', /Windows-1252/);
  assert.equal(table(Buffer.from('a,b\né,€\n')).problems.length, 0, 'UTF-8 without BOM needs no note');
});

test('rows of another length are padded and reported with their line, not refused', () => {
  const t = table('a,b,c\n1,2,3\n4,5\n6,7,8,9\n"multi\nligne",x,y\n10\n');
  assert.equal(t.columns.length, 4);
  assert.equal(t.columns[3]?.name, '');
  assert.ok(t.rows.every((row) => row.length === 4));
  assert.deepEqual(t.rows[1], ['4', '5', '', '']);
  assert.deepEqual(t.problems.map((p) => p.fr), ['Ligne 3 : 2 champ(s) au lieu de 3', 'Ligne 4 : 4 champ(s) au lieu de 3', 'Ligne 7 : 1 champ(s) au lieu de 3']);
  const many = table('a,b\n' + '1\n'.repeat(12));
  assert.equal(many.problems.length, 6);
  assert.match(many.problems[5]?.en ?? '', /7 more row/);
});

test('numbers as French and English tables write them make numeric columns; anything else does not', () => {
  const t = table('fr,en,pct,money,mixed,formula,empty\n"1 234,5","1,234.5",12 %,45 €,1,=1+2,\n-3,-3.25,"0,5%",$3,deux,-2+3,\n');
  assert.deepEqual(t.columns.map((c) => c.numeric), [true, true, true, true, false, false, false]);
});

test('formula-like cells and markup stay text exactly as written', () => {
  const t = table('a,b\n"=HYPERLINK(""http://evil.example"",""clic"")",<script>alert(1)</script>\n@SUM(A1),"+cmd|\' /C calc\'!A0"\n');
  assert.deepEqual(t.rows, [['=HYPERLINK("http://evil.example","clic")', '<script>alert(1)</script>'], ['@SUM(A1)', "+cmd|' /C calc'!A0"]]);
});

test('a quote that is never closed is an error naming the line where it may start', () => {
  const e = error('a,b\n1,2\n"ouvert,3\n4,5\n');
  assert.equal(e.reason, 'unclosed-quote');
  assert.equal(e.line, 3);
  assert.match(e.message, /ligne 3/);
  assert.deepEqual(table('a,b\n5" écran,x"y\n').rows, [['5" écran', 'x"y']], 'a quote inside an unquoted cell is a character');
});

test('empty, binary and truncated-binary inputs are typed errors', () => {
  assert.equal(error('').reason, 'empty');
  assert.equal(error(Buffer.from('\uFEFF\r\n\r\n')).reason, 'empty');
  assert.equal(error(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])).reason, 'binary', 'a PNG');
  assert.equal(error(Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1')).reason, 'binary', 'a spreadsheet (zip)');
});

test('limits on size, rows, columns and line length give clear errors; the defaults stop a huge file', () => {
  const huge = 'a,b\n' + ('x'.repeat(100) + ',1\n').repeat(60_000);
  assert.equal(error(huge).reason, 'too-large');
  assert.equal(error('a\n1\n2\n3\n', { maxRows: 2 }).reason, 'too-many-rows');
  assert.equal(table('a\n1\n2\n').rows.length, 2);
  assert.equal(parseCsv('a\n1\n2\n', { maxRows: 2 }) instanceof CsvError, false, 'exactly the limit is fine');
  assert.equal(error('a,b,c\n1,2,3\n', { maxColumns: 2 }).reason, 'too-many-columns');
  assert.equal(error('a,b\n1,2\n', { maxBytes: 4 }).reason, 'too-large');
  const longLine = error('a,b\n"' + 'x'.repeat(1_100_000) + '",1\n', { maxBytes: 10 * 1024 * 1024 });
  assert.equal(longLine.reason, 'too-large');
  assert.equal(longLine.line, 2);
});

test('garbage text still reads as a (strange) table rather than crashing', () => {
  const random = Buffer.from(Array.from({ length: 4000 }, (_, i) => ((i * 7919) % 254) + 1));
  const result = parseCsv(random);
  assert.ok(result instanceof CsvError || result.columns.length > 0);
});

// The model wiki's repository has no .csv file today; any that appears is read here.
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const csvFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return csvFiles(path);
    return /\.(csv|tsv)$/i.test(entry.name) ? [path] : [];
  });
const corpusCsv = existsSync(CORPUS) ? csvFiles(CORPUS) : [];
const corpusSkip = !existsSync(CORPUS) && process.env.CI !== 'true'
  ? 'needs ../shared/corpus, which a fresh clone of Feuillet does not have'
  : corpusCsv.length === 0 && 'the corpus holds no .csv file';

test('every .csv file of the corpus reads as a table', { skip: corpusSkip }, () => {
  for (const file of corpusCsv) {
    const result = parseCsv(readFileSync(file));
    assert.ok(!(result instanceof CsvError), `${file}: ${result instanceof CsvError ? result.message : ''}`);
    assert.ok(result.columns.length > 0, file);
  }
});
