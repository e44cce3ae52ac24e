import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { renderCalendar, type ParsedCalendar, type RenderCalendarOptions } from '../../src/render/calendar.js';
import { ics, NOW, parsed } from './calendar-helpers.js';


function render(cal: ParsedCalendar, options: Partial<RenderCalendarOptions> = {}): Document {
  const html = renderCalendar(cal, { lang: 'fr', downloadHref: 'rdv.ics', now: NOW, ...options });
  return parseHTML(`<!doctype html><html><body><main id="root">${html}</main></body></html>`).document as unknown as Document;
}

const all = (doc: Document, selector: string) => Array.from(doc.querySelectorAll(selector));
const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

test('an event shows its title, its dates in French in its own zone, with <time datetime> on both ends', () => {
  const doc = render(parsed(ics(['UID:a\nDTSTART;TZID=Europe/Paris:20230112T140000\nDTEND;TZID=Europe/Paris:20230112T160000\nSUMMARY:Conseil'])));
  const event = doc.querySelector('.cal-event');
  assert.equal(text(event?.querySelector('h3.cal-summary')), 'Conseil');
  const when = event?.querySelector('.cal-when');
  assert.match(text(when), /^jeudi 12 janvier 2023, 14:00\s*–\s*16:00 \(heure : France\)$/);
  assert.deepEqual(all(doc, '.cal-when time').map((t) => t.getAttribute('datetime')), ['2023-01-12T14:00+01:00', '2023-01-12T16:00+01:00']);
  assert.equal(text(when?.querySelector('.cal-zone')), '(heure : France)');
});

test('in English, the same event reads in English, still at the organiser’s clock', () => {
  const doc = render(parsed(ics(['UID:a\nDTSTART;TZID=Europe/Paris:20230112T140000\nDTEND;TZID=Europe/Paris:20230112T160000\nSUMMARY:Council'])), { lang: 'en' });
  assert.match(text(doc.querySelector('.cal-when')), /^Thursday, January 12, 2023, 2:00\s*–\s*4:00\sPM \(France Time\)$/);
  assert.equal(text(doc.querySelector('.cal-download a')), 'Download the calendar (iCalendar, .ics)');
});

test('an event over several days names both days; all-day events show dates only, the last day inclusive', () => {
  const doc = render(parsed(ics([
    'UID:a\nDTSTART:20230112T220000Z\nDTEND:20230113T010000Z\nSUMMARY:Nuit',
    'UID:b\nDTSTART;VALUE=DATE:20230713\nDTEND;VALUE=DATE:20230715\nSUMMARY:Fête',
    'UID:c\nDTSTART;VALUE=DATE:20231225\nSUMMARY:Noël',
  ], ['X-WR-TIMEZONE:Europe/Paris'])));
  const byTitle = (title: string) => all(doc, '.cal-event').find((e) => text(e.querySelector('.cal-summary')) === title);
  assert.match(text(byTitle('Nuit')?.querySelector('.cal-when')), /jeudi 12 janvier 2023 à 23:00\s*–\s*vendredi 13 janvier 2023 à 02:00/);
  const party = byTitle('Fête')?.querySelector('.cal-when');
  assert.match(text(party), /^jeudi 13\s*–\s*vendredi 14 juillet 2023$/);
  assert.deepEqual(Array.from(party?.querySelectorAll('time') ?? []).map((t) => t.getAttribute('datetime')), ['2023-07-13', '2023-07-14']);
  const christmas = byTitle('Noël')?.querySelector('.cal-when time');
  assert.equal(christmas?.getAttribute('datetime'), '2023-12-25');
  assert.equal(text(christmas), 'lundi 25 décembre 2023');
  assert.equal(byTitle('Noël')?.querySelector('.cal-zone'), null);
});

test('a zone Intl does not know shows under the name the file gives it', () => {
  const doc = render(parsed(readFileSync(new URL('fixtures/weekly-workshop-outlook.ics', import.meta.url), 'utf8')));
  assert.equal(text(doc.querySelector('.cal-past .cal-event .cal-zone')), '(Romance Standard Time)');
});

test('upcoming events come first, soonest first; past events after, latest first', () => {
  const doc = render(parsed(ics([
    'UID:1\nDTSTART:20230101T100000Z\nSUMMARY:Passé ancien',
    'UID:2\nDTSTART:20230501T100000Z\nSUMMARY:Passé récent',
    'UID:3\nDTSTART:20230901T100000Z\nSUMMARY:Futur lointain',
    'UID:4\nDTSTART:20230602T100000Z\nSUMMARY:Futur proche',
    'UID:5\nDTSTART:20230531T100000Z\nDTEND:20230602T100000Z\nSUMMARY:En cours',
  ])));
  const sections = all(doc, '#root section');
  assert.deepEqual(sections.map((s) => s.className), ['cal-upcoming', 'cal-past']);
  assert.deepEqual(sections.map((s) => text(s.querySelector('h2'))), ['À venir', 'Passés']);
  const titles = (section: Element | undefined) => Array.from(section?.querySelectorAll('.cal-summary') ?? []).map(text);
  assert.deepEqual(titles(sections[0]), ['En cours', 'Futur proche', 'Futur lointain']);
  assert.deepEqual(titles(sections[1]), ['Passé récent', 'Passé ancien']);
});

test('with nothing upcoming, the upcoming section says so; an empty calendar says it is empty', () => {
  const doc = render(parsed(ics(['UID:1\nDTSTART:20230101T100000Z\nSUMMARY:Passé'])));
  assert.equal(text(doc.querySelector('.cal-upcoming .cal-none')), 'Aucun événement à venir.');
  const empty = render(parsed(ics([])));
  assert.equal(text(empty.querySelector('.cal-none')), 'Ce calendrier ne contient aucun événement.');
  assert.equal(empty.querySelectorAll('section').length, 0);
  assert.ok(empty.querySelector('.cal-download a'));
});

test('the section heading level can be set (for a calendar embedded under a page heading)', () => {
  const doc = render(parsed(ics(['UID:1\nDTSTART:20230701T100000Z\nSUMMARY:x'])), { headingLevel: 3 });
  assert.ok(doc.querySelector('section > h3'));
  assert.ok(doc.querySelector('.cal-event > h4.cal-summary'));
});

test('HTML in every text field is shown as text: no element, no attribute comes from the file', () => {
  const doc = render(parsed(ics([[
    'UID:x',
    'DTSTART:20230701T100000Z',
    'SUMMARY:<script>alert(1)</script><img src=x onerror=alert(2)>',
    'LOCATION:<b onmouseover="alert(3)">Salle</b>',
    'DESCRIPTION:<iframe src="https://evil.example"></iframe>\\n"><svg onload=alert(4)>',
  ].join('\n')])), { downloadHref: 'x.ics" onclick="alert(5)' });
  assert.equal(doc.querySelectorAll('script, img, b, iframe, svg').length, 0);
  assert.equal(doc.querySelectorAll('[onerror], [onmouseover], [onload], [onclick]').length, 0);
  assert.equal(text(doc.querySelector('.cal-summary')), '<script>alert(1)</script><img src=x onerror=alert(2)>');
  assert.equal(doc.querySelector('.cal-download a')?.getAttribute('href'), 'x.ics" onclick="alert(5)');
});

test('descriptions keep their line breaks and paragraphs, and web addresses become links (only web ones)', () => {
  const doc = render(parsed(ics(['UID:x\nDTSTART:20230701T100000Z\nSUMMARY:x\nDESCRIPTION:Ordre du jour :\\n- un\\n- deux\\n\\nVisio : <https://visio.example.org/salle?a=1&b=2>\\nContact : ada@example.org\\njavascript:alert(1) ftp://example.org/f'])));
  const paragraphs = all(doc, '.cal-description p');
  assert.equal(paragraphs.length, 2);
  assert.equal(paragraphs[0]?.querySelectorAll('br').length, 2);
  const links = all(doc, '.cal-description a');
  assert.deepEqual(links.map((a) => a.getAttribute('href')), ['https://visio.example.org/salle?a=1&b=2', 'mailto:ada@example.org']);
  assert.ok(links.every((a) => a.getAttribute('rel') === 'noopener'));
  assert.match(text(paragraphs[1]), /<https:\/\/visio\.example\.org\/salle\?a=1&b=2>/, 'the angle brackets stay as text');
});

test('place and link are shown when the event has them', () => {
  const doc = render(parsed(ics(['UID:x\nDTSTART:20230701T100000Z\nSUMMARY:x\nLOCATION:Salle 2\\, Paris\nURL:https://example.org/evenement'])));
  assert.equal(text(doc.querySelector('.cal-location')), 'Lieu : Salle 2, Paris');
  assert.equal(doc.querySelector('.cal-url a')?.getAttribute('href'), 'https://example.org/evenement');
});

test('markup is semantic and themable: sections, headings, lists, classes all prefixed cal-, no inline style', () => {
  const doc = render(parsed(readFileSync(new URL('fixtures/weekly-workshop-outlook.ics', import.meta.url), 'utf8')));
  assert.equal(doc.querySelectorAll('[style]').length, 0);
  const classes = all(doc, '#root [class]').flatMap((e) => (e.getAttribute('class') ?? '').split(/\s+/));
  assert.ok(classes.length > 10);
  assert.deepEqual(classes.filter((c) => !c.startsWith('cal-')), []);
  assert.ok(all(doc, '.cal-event').every((li) => li.tagName === 'LI' && li.parentElement?.tagName === 'UL'));
  const download = doc.querySelector('.cal-download a');
  assert.equal(download?.getAttribute('href'), 'rdv.ics');
  assert.ok(download?.hasAttribute('download'));
});

test('long lists stop at the limit and count the rest; problems are listed in the reader’s language', () => {
  const events = Array.from({ length: 8 }, (_, i) => `UID:${i}\nDTSTART:2023070${i + 1}T100000Z\nSUMMARY:E${i}`);
  const doc = render(parsed(ics([...events, 'UID:bad\nSUMMARY:Sans date'])), { limit: 5, lang: 'en' });
  assert.equal(doc.querySelectorAll('.cal-upcoming .cal-event').length, 5);
  assert.equal(text(doc.querySelector('.cal-upcoming .cal-more')), '… and 3 more.');
  assert.match(text(doc.querySelector('.cal-problems')), /event "Sans date" skipped/);
  assert.doesNotMatch(text(doc.querySelector('.cal-problems')), /ignoré/);
});
