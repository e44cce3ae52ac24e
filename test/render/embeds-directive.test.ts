import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { parseHTML } from 'linkedom';
import { embedsPlugin, parseDirective, type EmbedRequest, type EmbedsParseEnv, type EmbedsRenderEnv } from '../../src/render/embeds.js';
import { CalendarError, parseCalendar } from '../../src/render/calendar.js';
import { renderAgenda, upcomingEvents } from '../../src/render/calendar-feed.js';
import { CsvError, parseCsv, renderDataTable } from '../../src/render/data-table.js';

const md = new MarkdownIt({ html: false, linkify: true });
md.use(embedsPlugin);

function render(markdown: string, renderEnv: EmbedsRenderEnv = {}, parseEnv: EmbedsParseEnv = {}) {
  const tokens = md.parse(markdown, parseEnv);
  const html = md.renderer.render(tokens, md.options, renderEnv);
  const document = parseHTML(`<!doctype html><html><body><main>${html}</main></body></html>`).document as unknown as Document;
  return { document, html, embeds: parseEnv.embeds ?? [] };
}

test('the directive’s words, French and English, give the same requests', () => {
  assert.deepEqual(parseDirective('agenda evenements/ limite=5'), { request: { kind: 'agenda', target: 'evenements/', limit: 5 } });
  assert.deepEqual(parseDirective('agenda evenements/ limit=5'), { request: { kind: 'agenda', target: 'evenements/', limit: 5 } });
  assert.deepEqual(parseDirective(' agenda evenements/rdv.ics '), { request: { kind: 'agenda', target: 'evenements/rdv.ics', limit: 10 } });
  assert.deepEqual(parseDirective('tableau donnees/budget.csv'), { request: { kind: 'table', target: 'donnees/budget.csv' } });
  assert.deepEqual(parseDirective('table data/budget.csv caption="Budget 2024"'), { request: { kind: 'table', target: 'data/budget.csv', caption: 'Budget 2024' } });
  assert.deepEqual(parseDirective('Tableau "mes données/budget 2024.csv" légende="Budget, 2024"'), { request: { kind: 'table', target: 'mes données/budget 2024.csv', caption: 'Budget, 2024' } });
  assert.deepEqual(parseDirective('tableau x.csv legende=Budget'), { request: { kind: 'table', target: 'x.csv', caption: 'Budget' } });
  assert.equal(parseDirective('include page.md'), undefined, 'other words are not directives');
  assert.equal(parseDirective('tableaux x.csv'), undefined);
});

test('mistakes in a directive are reported in both languages', () => {
  const errors = ['agenda', 'agenda x/ limite=0', 'agenda x/ limite=101', 'agenda x/ limite=2.5', 'agenda x/ limite=', 'tableau a.csv b.csv', 'tableau a.csv couleur=rouge', 'agenda x/ légende=y'];
  for (const inner of errors) {
    const result = parseDirective(inner);
    assert.ok(result && 'error' in result, inner);
    assert.ok(result.error.fr && result.error.en, inner);
  }
});

test('a directive alone on its line is replaced by the HTML the caller gives, and recorded with its line', () => {
  const seen: EmbedRequest[] = [];
  const embed = (request: EmbedRequest) => {
    seen.push(request);
    return request.kind === 'table' ? '<table class="data-table"><caption>ok</caption></table>' : '<div class="cal-agenda">agenda</div>';
  };
  const { document, embeds } = render('# Titre\n\nIntro\n{{agenda evenements/ limite=3}}\n\n{{tableau donnees/budget.csv}}\n', { embed }, { bodyLineOffset: 4 });
  assert.deepEqual(seen, [{ kind: 'agenda', target: 'evenements/', limit: 3 }, { kind: 'table', target: 'donnees/budget.csv' }]);
  assert.equal(document.querySelector('p')?.textContent, 'Intro', 'the directive ends the paragraph before it');
  assert.ok(document.querySelector('main > div.embed-agenda > div.cal-agenda'));
  assert.ok(document.querySelector('main > div.embed-table > table.data-table'));
  assert.deepEqual(embeds.map((e) => [e.line, e.source]), [[8, '{{agenda evenements/ limite=3}}'], [10, '{{tableau donnees/budget.csv}}']]);
});

test('inside a list or a quote it works; inside code, inline in a sentence or indented as code it does not', () => {
  const markdown = [
    '- {{tableau a.csv}}',
    '',
    '> {{agenda b/}}',
    '',
    '```',
    '{{tableau c.csv}}',
    '```',
    '',
    '    {{tableau d.csv}}',
    '',
    'Voir {{tableau e.csv}} ici.',
    '',
    '`{{tableau f.csv}}`',
    '',
    '{{tableau g.csv}} et du texte',
  ].join('\n');
  const { document, embeds } = render(markdown, { embed: (r) => `<span class="found">${r.target}</span>` });
  assert.deepEqual(embeds.map((e) => ('request' in e ? e.request.target : '')), ['a.csv', 'b/']);
  assert.ok(document.querySelector('li .found'));
  assert.ok(document.querySelector('blockquote .found'));
  assert.equal(document.querySelectorAll('.found').length, 2);
  assert.equal(document.querySelectorAll('pre code').length, 2);
});

test('a directive followed by --- stays a directive, not a heading', () => {
  const { document } = render('{{tableau a.csv}}\n---\n', { embed: () => '<span class="found"></span>' });
  assert.ok(document.querySelector('.found'));
  assert.equal(document.querySelectorAll('h2').length, 0);
});

test('when the caller has nothing, a visible note says so, escaped; a faulty directive says what is wrong', () => {
  const { document } = render('{{tableau <script>alert(1)</script>.csv}}\n\n{{agenda x/ limite=zéro}}\n', { embed: () => undefined });
  assert.equal(document.querySelectorAll('script').length, 0);
  const missing = document.querySelector('p.embed-missing');
  assert.equal(missing?.getAttribute('role'), 'note');
  assert.equal(missing?.querySelector('code')?.textContent, '{{tableau <script>alert(1)</script>.csv}}');
  assert.match(missing?.textContent ?? '', /introuvable/);
  const invalid = document.querySelector('p.embed-invalid');
  assert.match(invalid?.textContent ?? '', /la limite doit être un nombre entier/);
  const english = render('{{agenda x/}}\n', { lang: 'en' }).document;
  assert.match(english.querySelector('.embed-missing')?.textContent ?? '', /Content to embed not found/, 'no env.embed at all: not found');
});

test('end to end: the agenda of calendars and the table of a CSV file embedded in a page', () => {
  const now = new Date('2023-06-01T00:00:00Z');
  const cal = parseCalendar('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20230915T120000Z\r\nSUMMARY:Conseil <2/3>\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', { now });
  const data = parseCsv('Poste;Montant\nMatériel;"1 234,5"\n');
  assert.ok(!(cal instanceof CalendarError) && !(data instanceof CsvError));
  const embed = (request: EmbedRequest) => {
    if (request.kind === 'agenda' && request.target === 'evenements/') {
      return renderAgenda(upcomingEvents([{ path: 'evenements/c.ics', cal }], now, request.limit), { lang: 'fr', hrefOf: (p) => `/${p}`, headingLevel: 3 });
    }
    if (request.kind === 'table' && request.target === 'budget.csv') {
      return renderDataTable(data, { caption: request.caption ?? 'budget.csv', downloadHref: 'budget.csv', lang: 'fr' });
    }
    return undefined;
  };
  const { document } = render('{{agenda evenements/ limite=5}}\n\n{{tableau budget.csv légende="Budget"}}\n', { embed });
  assert.equal(document.querySelector('.embed-agenda .cal-event h4')?.textContent, 'Conseil <2/3>');
  assert.equal(document.querySelector('.embed-table caption')?.textContent, 'Budget');
  assert.equal(document.querySelector('.embed-table td.data-table-num')?.textContent, '1 234,5');
});
