// Sortable data tables, by progressive enhancement: for every `table.data-table` (written by
// render/data-table.ts), each column header's text is put inside a button; pressing it (mouse, Enter or
// Space) sorts the rows by that column, ascending then descending, and `aria-sort` on the header says so.
// Without this script the table is a plain table. No dependencies; runs once the document is parsed.
(function () {
  'use strict';

  // Columns marked `data-table-num` hold numbers as French or English tables write them (`1 234,5`,
  // `1,234.5`, `-3.2`, `12 %`); the last `,` or `.` followed by one to two digits, or by other than three, is
  // the decimal mark.
  function numberOf(text) {
    var cleaned = text.replace(/[\s\u00a0\u202f%€$£']/g, '').replace(/\u2212/g, '-');
    var decimal = /[.,](\d{1,2}|\d{4,})$/.exec(cleaned);
    var whole = decimal ? cleaned.slice(0, decimal.index) : cleaned;
    var value = parseFloat(whole.replace(/[.,]/g, '') + (decimal ? '.' + decimal[1] : ''));
    return isNaN(value) ? null : value;
  }

  // Rows and cells are reached through selectors and `children` rather than `tBodies`/`cells`, which
  // the DOM implementation used in tests lacks.
  function headersOf(table) {
    var row = table.querySelector('thead tr');
    return row ? Array.prototype.slice.call(row.children) : [];
  }

  function sortBy(table, header, index, collator) {
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    var numeric = header.classList.contains('data-table-num');
    var body = table.querySelector('tbody');
    if (!body) return;
    var rows = Array.prototype.slice.call(body.children).map(function (row, position) {
      var cell = row.children[index];
      var text = cell ? cell.textContent.trim() : '';
      return { row: row, text: text, value: numeric ? numberOf(text) : null, position: position };
    });
    rows.sort(function (a, b) {
      // Empty cells go last whichever the direction; equal keys keep the file's order.
      var aEmpty = a.text === '', bEmpty = b.text === '';
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.position - b.position : aEmpty ? 1 : -1;
      var order = numeric && a.value !== null && b.value !== null ? a.value - b.value : collator.compare(a.text, b.text);
      return (ascending ? order : -order) || a.position - b.position;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
    headersOf(table).forEach(function (cell) { cell.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  }

  function enhance(table) {
    if (table.classList.contains('data-table-sortable')) return;
    var lang = (table.closest('[lang]') || document.documentElement).getAttribute('lang') || 'fr';
    var collator = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
    headersOf(table).forEach(function (header, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'data-table-sort';
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener('click', function () { sortBy(table, header, index, collator); });
    });
    table.classList.add('data-table-sortable');
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll('table.data-table'), enhance);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhanceAll);
  else enhanceAll();
})();
