import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { parseHTML } from 'linkedom';
import { calendarFeed, fold, renderAgenda, upcomingEvents, type CalendarSource } from '../../src/render/calendar-feed.js';
import { ics, NOW, parsed } from './calendar-helpers.js';


const series: CalendarSource = {
  path: 'evenements/rdv-conseil.ics',
  cal: parsed(ics([
    'UID:c1\nDTSTART:20230112T140000\nDTEND:20230112T160000\nSUMMARY:Conseil (1/3)',
    'UID:c2\nDTSTART:20230915T140000\nDTEND:20230915T160000\nSUMMARY:Conseil (2/3)',
    'UID:c3\nDTSTART:20231110T140000\nDTEND:20231110T160000\nSUMMARY:Conseil (3/3)',
  ], ['X-WR-CALNAME:rdv-conseil', 'X-WR-TIMEZONE:Europe/Paris'])),
};
// The same meeting again, in its own file: the agenda shows it once.
const single: CalendarSource = {
  path: 'evenements/2023/conseil-2.ics',
  cal: parsed(ics(['UID:c2\nDTSTART;TZID=Europe/Paris:20230915T140000\nDTEND;TZID=Europe/Paris:20230915T160000\nSUMMARY:Conseil (2/3)'])),
};
const workshop: CalendarSource = {
  path: 'ateliers/atelier.ics',
  cal: parsed(ics([
    'UID:w\nDTSTART:20230601T090000Z\nDTEND:20230601T100000Z\nRRULE:FREQ=MONTHLY;COUNT=4\nSUMMARY:Atelier <mensuel>\nLOCATION:Salle 1; bâtiment B\nDESCRIPTION:Apporter un ordinateur\\, une rallonge.\\nUne ligne très longue pour vérifier le pliage des lignes à soixante-quinze octets : éèàùç€ 😀 漢字.',
    'UID:day\nDTSTART;VALUE=DATE:20230714\nSUMMARY:Jour férié',
    'UID:float\nDTSTART:20230620T083000\nSUMMARY:Heure flottante',
  ])),
};

test('upcoming events: not over yet, soonest first, duplicates across calendars kept once, at most the limit', () => {
  const events = upcomingEvents([series, single, workshop], NOW);
  assert.deepEqual(events.map((e) => e.event.summary), [
    'Atelier <mensuel>', 'Heure flottante', 'Atelier <mensuel>', 'Jour férié', 'Atelier <mensuel>', 'Atelier <mensuel>', 'Conseil (2/3)', 'Conseil (3/3)',
  ]);
  assert.equal(events.find((e) => e.event.uid === 'c2')?.path, 'evenements/rdv-conseil.ics', 'the calendar listed first wins');
  assert.equal(events.find((e) => e.event.uid === 'c2')?.calendarName, 'rdv-conseil');
  assert.deepEqual(upcomingEvents([series, single, workshop], NOW, 2).map((e) => e.event.summary), ['Atelier <mensuel>', 'Heure flottante']);
  assert.deepEqual(upcomingEvents([series], new Date('2024-01-01T00:00:00Z')), []);
});

test('the feed is iCalendar: CRLF line ends, lines of at most 75 octets, folded between characters', () => {
  const feed = calendarFeed(upcomingEvents([series, single, workshop], NOW), { name: 'Agenda du wiki' });
  assert.ok(feed.endsWith('\r\n'));
  assert.doesNotMatch(feed.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  const lines = feed.split('\r\n').slice(0, -1);
  for (const line of lines) {
    assert.ok(Buffer.byteLength(line) <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
    assert.doesNotMatch(line, /\uFFFD/);
    assert.ok(!/[\uD800-\uDBFF]$/.test(line), 'a surrogate pair is never split');
  }
  assert.ok(lines.some((line) => line.startsWith(' ')), 'the long description was folded');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
});

test('fold keeps every line within 75 octets, the continuation space included, and unfolds to the original', () => {
  for (const original of ['DESCRIPTION:' + 'é'.repeat(100), 'SUMMARY:' + '😀'.repeat(40), 'X:' + 'a'.repeat(300), 'SHORT:ok']) {
    const folded = fold(original);
    for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75);
    assert.equal(folded.replace(/\r\n /g, ''), original);
  }
});

test('calendar applications can read the feed back: PRODID, and each event with UID, DTSTAMP, DTSTART, DTEND', () => {
  const events = upcomingEvents([series, single, workshop], NOW);
  const feed = calendarFeed(events, { name: 'Agenda du wiki' });
  const calendar = new ICAL.Component(ICAL.parse(feed));
  assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
  assert.match(String(calendar.getFirstPropertyValue('prodid')), /Feuillet/);
  assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Agenda du wiki');
  const vevents = calendar.getAllSubcomponents('vevent');
  assert.equal(vevents.length, events.length);
  for (const vevent of vevents) {
    for (const name of ['uid', 'dtstamp', 'dtstart', 'dtend', 'summary']) assert.ok(vevent.hasProperty(name), name);
  }
  const uids = vevents.map((v) => String(v.getFirstPropertyValue('uid')));
  assert.equal(new Set(uids).size, uids.length, 'UIDs are unique: each occurrence of a series has its own');
});

test('read back by Feuillet itself, the feed gives the same events at the same instants and the same texts', () => {
  const events = upcomingEvents([series, workshop], NOW);
  const back = parsed(calendarFeed(events, { name: 'x' }));
  assert.deepEqual(
    back.events.map((e) => [e.summary, e.when.allDay ? e.when.startDate : e.when.start.utc.toISOString(), e.location, e.description]),
    events.map(({ event: e }) => [e.summary, e.when.allDay ? e.when.startDate : e.when.start.utc.toISOString(), e.location, e.description]),
  );
  const floating = back.events.find((e) => e.summary === 'Heure flottante');
  assert.ok(floating && !floating.when.allDay && floating.when.timeZone === undefined, 'a floating time stays floating');
  const holiday = back.events.find((e) => e.summary === 'Jour férié');
  assert.deepEqual(holiday?.when, { allDay: true, startDate: '2023-07-14', endDate: '2023-07-15' });
});

test('the same events always give the same bytes (no clock in DTSTAMP), and special characters are escaped', () => {
  const events = upcomingEvents([workshop], NOW);
  const feed = calendarFeed(events, { name: 'Agenda; avec, virgules' });
  assert.equal(calendarFeed(events, { name: 'Agenda; avec, virgules' }), feed);
  assert.match(feed, /\r\nX-WR-CALNAME(;VALUE=TEXT)?:Agenda\\; avec\\, virgules\r\n/);
  assert.match(feed, /\r\nLOCATION:Salle 1\\; bâtiment B\r\n/);
});

function renderedAgenda(html: string): Document {
  return parseHTML(`<!doctype html><html><body><main id="root">${html}</main></body></html>`).document as unknown as Document;
}

test('the agenda groups upcoming events by month, links each to its calendar page, and offers the feed', () => {
  const events = upcomingEvents([series, single, workshop], NOW);
  const doc = renderedAgenda(renderAgenda(events, { lang: 'fr', hrefOf: (path) => `/${path.replace(/\.ics$/, '')}?x=1&y=2`, feedHref: '/-/agenda.ics' }));
  const months = Array.from(doc.querySelectorAll('.cal-month'));
  assert.deepEqual(months.map((m) => m.querySelector('h2')?.textContent), ['Juin 2023', 'Juillet 2023', 'Août 2023', 'Septembre 2023', 'Novembre 2023']);
  assert.equal(months[0]?.querySelectorAll('.cal-event').length, 2);
  const council = Array.from(doc.querySelectorAll('.cal-event')).find((e) => e.querySelector('.cal-summary')?.textContent === 'Conseil (2/3)');
  const link = council?.querySelector('.cal-source a');
  assert.equal(link?.getAttribute('href'), '/evenements/rdv-conseil?x=1&y=2');
  assert.equal(link?.textContent, 'rdv-conseil');
  assert.match(council?.querySelector('.cal-when')?.textContent ?? '', /vendredi 15 septembre 2023, 14:00\s*–\s*16:00/);
  assert.equal(doc.querySelector('.cal-subscribe a')?.getAttribute('href'), '/-/agenda.ics');
  assert.equal(doc.querySelectorAll('script').length, 0);
  assert.equal(doc.querySelector('.cal-event h3')?.textContent, 'Atelier <mensuel>');
});

test('an empty agenda says there is nothing upcoming, in the reader’s language', () => {
  const doc = renderedAgenda(renderAgenda([], { lang: 'en', hrefOf: (p) => p }));
  assert.equal(doc.querySelector('.cal-none')?.textContent, 'No upcoming events.');
  assert.equal(doc.querySelectorAll('section').length, 0);
});
