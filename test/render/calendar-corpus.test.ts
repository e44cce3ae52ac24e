import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { CalendarError, parseCalendar, renderCalendar, type ParsedCalendar } from '../../src/render/calendar.js';
import { calendarFeed, upcomingEvents } from '../../src/render/calendar-feed.js';

// The real calendars of the model wiki (other people's files, read only for tests).
const EVENTS = fileURLToPath(new URL('../../../shared/corpus/logiciels-libres/evenements/', import.meta.url));
const present = existsSync(EVENTS);
const skip = present || process.env.CI === 'true' ? false : 'needs ../shared/corpus, which a fresh clone of Feuillet does not have';
const NOW = new Date('2023-01-01T00:00:00Z');

function icsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return icsFiles(path);
    return entry.name.endsWith('.ics') ? [path] : [];
  });
}

function load(): { path: string; cal: ParsedCalendar }[] {
  return icsFiles(EVENTS).sort().map((file) => {
    const result = parseCalendar(readFileSync(file, 'utf8'), { now: NOW });
    assert.ok(!(result instanceof CalendarError), `${file}: ${result instanceof CalendarError ? result.message : ''}`);
    return { path: relative(EVENTS, file), cal: result };
  });
}

const FRENCH_DATE = /(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/;

test('every .ics file of the model wiki parses and renders with its summaries and French dates', { skip }, () => {
  const calendars = load();
  assert.equal(calendars.length, 25);
  for (const { path, cal } of calendars) {
    assert.deepEqual(cal.problems, [], path);
    assert.ok(cal.events.length > 0, path);
    const html = renderCalendar(cal, { lang: 'fr', downloadHref: path, now: NOW });
    const doc = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
    const rendered = Array.from(doc.querySelectorAll('.cal-event'));
    assert.equal(rendered.length, cal.events.length, path);
    for (const event of cal.events) {
      const item = rendered.find((li) => li.querySelector('.cal-summary')?.textContent === event.summary);
      assert.ok(item, `${path}: ${event.summary}`);
      assert.match(item.querySelector('.cal-when')?.textContent ?? '', FRENCH_DATE, path);
      assert.ok(item.querySelector('.cal-when time[datetime]'), path);
    }
    assert.equal(doc.querySelector('.cal-download a')?.getAttribute('href'), path);
  }
});

test('the model wiki’s meetings are at the Paris time written in the files, floating or with TZID', { skip }, () => {
  const byPath = new Map(load().map(({ path, cal }) => [path, cal]));
  const withTzid = byPath.get('2022/conseil-logiciels-libres-2022-reunion-ecosysteme-1.ics')?.events[0];
  assert.ok(withTzid && !withTzid.when.allDay);
  assert.equal(withTzid.when.start.utc.toISOString(), '2022-04-08T12:00:00.000Z');
  const floating = byPath.get('rdv-gtt-ll.ics')?.events.find((e) => e.summary.endsWith('1 sur 5') && !e.when.allDay && e.when.start.utc.getUTCFullYear() === 2023);
  assert.ok(floating && !floating.when.allDay);
  assert.equal(floating.when.start.utc.toISOString(), '2023-02-24T10:00:00.000Z', '11:00 in Paris, in winter');
  assert.equal(floating.when.timeZone, 'Europe/Paris');
});

test('the agenda of the whole folder shows each meeting once, though files repeat them, and makes a valid feed', { skip }, () => {
  const calendars = load();
  const events = upcomingEvents(calendars, NOW);
  const total = calendars.reduce((n, { cal }) => n + cal.events.length, 0);
  assert.ok(events.length > 0 && events.length < total, `${events.length} of ${total}`);
  const identities = events.map((e) => `${e.event.summary} ${e.event.when.allDay ? '' : e.event.when.start.utc.toISOString()}`);
  assert.equal(new Set(identities).size, identities.length);
  const feed = calendarFeed(events, { name: 'Agenda logiciels libres' });
  for (const line of feed.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75);
  const back = parseCalendar(feed, { now: NOW });
  assert.ok(!(back instanceof CalendarError));
  assert.equal(back.events.length, events.length);
});
