import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { parseHTML } from 'linkedom';
import { CsvError, parseCsv, renderDataTable, type DataTable, type RenderDataTableOptions } from '../../src/render/data-table.js';

const SCRIPT = readFileSync(new URL('../../src/views/assets/sortable-table.js', import.meta.url), 'utf8');

function table(input: string): DataTable {
  const result = parseCsv(input);
  if (result instanceof CsvError) throw result;
  return result;
}

function page(t: DataTable, options: Partial<RenderDataTableOptions> = {}, lang = 'fr') {
  const html = renderDataTable(t, { caption: 'Budget 2024', downloadHref: 'donnees/budget.csv', lang: 'fr', ...options });
  return parseHTML(`<!doctype html><html lang="${lang}"><body><main>${html}</main></body></html>`);
}

const texts = (elements: ArrayLike<Element>) => Array.from(elements, (e) => (e.textContent ?? '').trim());

test('the table is accessible: caption, column headers with scope, a named region that scrolls, a download link', () => {
  const { document } = page(table('Poste;Montant\nMatériel;"12 345,67"\nLogiciels;"-1 200,5"\n'));
  const grid = document.querySelector('table.data-table');
  assert.equal(grid?.querySelector('caption')?.textContent, 'Budget 2024');
  const headers = Array.from(grid?.querySelectorAll('thead th') ?? []);
  assert.deepEqual(texts(headers), ['Poste', 'Montant']);
  assert.ok(headers.every((th) => th.getAttribute('scope') === 'col'));
  assert.equal(grid?.querySelectorAll('tbody tr').length, 2);
  const region = grid?.parentElement;
  assert.equal(region?.getAttribute('role'), 'region');
  assert.equal(region?.getAttribute('aria-label'), 'Budget 2024');
  assert.equal(region?.getAttribute('tabindex'), '0');
  const download = document.querySelector('.data-table-download a');
  assert.equal(download?.getAttribute('href'), 'donnees/budget.csv');
  assert.ok(download?.hasAttribute('download'));
  assert.equal(download?.textContent, 'Télécharger les données (CSV, 2 lignes)');
  assert.equal(document.querySelectorAll('[style], button').length, 0, 'no inline style; buttons come with the script');
});

test('numeric columns are marked by a class on the header and every cell (right-aligned by the theme)', () => {
  const { document } = page(table('Poste;Montant\nMatériel;"12 345,67"\nLogiciels;\n'));
  const numeric = (e: Element) => e.classList.contains('data-table-num');
  assert.deepEqual(Array.from(document.querySelectorAll('th'), numeric), [false, true]);
  assert.deepEqual(Array.from(document.querySelectorAll('tbody td'), numeric), [false, true, false, true]);
});

test('cells and captions are text: markup, formulas and quotes are shown as written, never interpreted', () => {
  const t = table('a,b\n<script>alert(1)</script>,"=HYPERLINK(""http://evil.example"")"\n"<img src=x onerror=alert(2)>",@SUM(A1)\n');
  const { document } = page(t, { caption: '<b>Légende</b>', downloadHref: 'x.csv" onclick="alert(3)' });
  assert.equal(document.querySelectorAll('script, img, b').length, 0);
  assert.equal(document.querySelectorAll('[onclick], [onerror]').length, 0);
  assert.deepEqual(texts(document.querySelectorAll('tbody td')), ['<script>alert(1)</script>', '=HYPERLINK("http://evil.example")', '<img src=x onerror=alert(2)>', '@SUM(A1)']);
  assert.equal(document.querySelector('caption')?.textContent, '<b>Légende</b>');
});

test('columns without a header get one; reading notes are shown in the reader’s language', () => {
  const t = table('a,b\n1,2,3\n');
  assert.deepEqual(texts(page(t).document.querySelectorAll('th')), ['a', 'b', 'Colonne 3']);
  const english = page(t, { lang: 'en' }).document;
  assert.deepEqual(texts(english.querySelectorAll('th')), ['a', 'b', 'Column 3']);
  assert.deepEqual(texts(english.querySelectorAll('.data-table-problems li')), ['line 2: 3 field(s) instead of 2']);
  assert.equal(english.querySelector('.data-table-problems')?.getAttribute('role'), 'note');
});

/** Runs the page's script against a parsed document, as a browser would after parsing. */
function enhance(window: ReturnType<typeof parseHTML>) {
  runInNewContext(SCRIPT, { document: window.document, Intl });
}

const column = (document: Document, index: number) => texts(document.querySelectorAll(`tbody tr td:nth-child(${index})`));

test('the script puts each header in a button; pressing it sorts numbers by value and sets aria-sort', () => {
  const window = page(table('Poste;Montant\nB;"1 200,5"\nA;-3\nC;"12 345,67"\nD;\nE;"99,9"\n'));
  const document = window.document as unknown as Document;
  enhance(window);
  const buttons = Array.from(document.querySelectorAll('th > button.data-table-sort'));
  assert.equal(buttons.length, 2);
  assert.ok(buttons.every((b) => b.getAttribute('type') === 'button'), 'real buttons: Enter and Space work');
  assert.equal(buttons[1]?.textContent, 'Montant');
  const amount = document.querySelectorAll('th')[1];
  (buttons[1] as HTMLButtonElement).click();
  assert.deepEqual(column(document, 2), ['-3', '99,9', '1 200,5', '12 345,67', ''], 'empty cells last');
  assert.equal(amount?.getAttribute('aria-sort'), 'ascending');
  (buttons[1] as HTMLButtonElement).click();
  assert.deepEqual(column(document, 2), ['12 345,67', '1 200,5', '99,9', '-3', ''], 'empty cells still last');
  assert.equal(amount?.getAttribute('aria-sort'), 'descending');
  (buttons[0] as HTMLButtonElement).click();
  assert.equal(amount?.hasAttribute('aria-sort'), false, 'only one column is sorted at a time');
  assert.equal(document.querySelectorAll('th')[0]?.getAttribute('aria-sort'), 'ascending');
});

test('text columns sort in French order: accents with their letter, numbers within text by value', () => {
  const window = page(table('nom\nÉric\nzoé\nEmma\nédouard\nSalle 10\nSalle 2\nAdèle\n'));
  const document = window.document as unknown as Document;
  enhance(window);
  (document.querySelector('th button') as HTMLButtonElement).click();
  assert.deepEqual(column(document, 1), ['Adèle', 'édouard', 'Emma', 'Éric', 'Salle 2', 'Salle 10', 'zoé']);
});

test('running the script twice does not nest buttons; tables of other kinds are left alone', () => {
  const window = page(table('a\n1\n'));
  const extra = window.document.createElement('table');
  extra.innerHTML = '<thead><tr><th>autre</th></tr></thead>';
  window.document.body.appendChild(extra);
  enhance(window);
  enhance(window);
  assert.equal(window.document.querySelectorAll('button').length, 1);
  assert.equal(window.document.querySelectorAll('button button').length, 0);
});
