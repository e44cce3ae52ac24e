import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CalendarError, parseCalendar, type CalendarEvent } from '../../src/render/calendar.js';
import { ics, NOW, parsed } from './calendar-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** A VCALENDAR around VEVENT bodies, with CRLF line ends as RFC 5545 writes them. */
function timed(event: CalendarEvent | undefined) {
  assert.ok(event && !event.when.allDay, 'a timed event');
  return event.when;
}

test('floating times are read in the zone the calendar names (X-WR-TIMEZONE), as Emacs Org exports them', () => {
  const cal = parsed(ics(['UID:a\nDTSTART:20230112T140000\nDTEND:20230112T160000\nSUMMARY:Réunion'], ['X-WR-TIMEZONE:Europe/Paris', 'X-WR-CALNAME:rdv']));
  assert.equal(cal.name, 'rdv');
  const when = timed(cal.events[0]);
  assert.equal(when.start.utc.toISOString(), '2023-01-12T13:00:00.000Z');
  assert.equal(when.end.utc.toISOString(), '2023-01-12T15:00:00.000Z');
  assert.equal(when.start.offsetMinutes, 60);
  assert.equal(when.timeZone, 'Europe/Paris');
});

test('a TZID the file does not define is read as the IANA zone of that name, summer time included', () => {
  const cal = parsed(ics(['UID:a\nDTSTART;TZID=Europe/Paris:20220408T140000\nDTEND;TZID=Europe/Paris:20220408T160000\nSUMMARY:x']));
  const when = timed(cal.events[0]);
  assert.equal(when.start.utc.toISOString(), '2022-04-08T12:00:00.000Z');
  assert.equal(when.start.offsetMinutes, 120);
  assert.equal(when.timeZone, 'Europe/Paris');
});

test('a TZID with a Mozilla-style prefix still names its IANA zone', () => {
  const cal = parsed(ics(['UID:a\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20230712T090000\nSUMMARY:x']));
  const when = timed(cal.events[0]);
  assert.equal(when.start.utc.toISOString(), '2023-07-12T13:00:00.000Z');
  assert.equal(when.timeZone, 'America/New_York');
});

test("a VTIMEZONE is used as the file defines it, even when it disagrees with the IANA zone's rules", () => {
  const zone = ['BEGIN:VTIMEZONE', 'TZID:Europe/Paris', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0300', 'TZOFFSETTO:+0300', 'END:STANDARD', 'END:VTIMEZONE'];
  const cal = parsed(ics(['UID:a\nDTSTART;TZID=Europe/Paris:20230112T140000\nDTEND;TZID=Europe/Paris:20230112T150000\nSUMMARY:x'], zone));
  const when = timed(cal.events[0]);
  assert.equal(when.start.utc.toISOString(), '2023-01-12T11:00:00.000Z');
  assert.equal(when.start.offsetMinutes, 180, 'the wall clock stays 14:00 as written');
});

test('an Outlook file: Windows zone name defined by VTIMEZONE, weekly repeats, an excluded date, a moved occurrence', () => {
  const cal = parsed(fixture('weekly-workshop-outlook.ics'));
  assert.equal(cal.name, 'Atelier hebdomadaire');
  assert.deepEqual(cal.problems, []);
  const workshops = cal.events.filter((e) => e.uid === 'atelier-hebdo@example.org');
  assert.equal(workshops.length, 29, 'COUNT=30 minus one EXDATE');
  const first = timed(workshops[0]);
  assert.equal(first.start.utc.toISOString(), '2023-01-12T13:00:00.000Z');
  assert.equal(first.timeZone, 'Romance Standard Time');
  assert.ok(!workshops.some((e) => timed(e).start.utc.toISOString().startsWith('2023-01-19')), 'EXDATE removed');
  const moved = workshops.find((e) => e.recurrenceId === '2023-01-26T14:00:00');
  assert.equal(moved?.summary, 'Atelier (déplacé en fin de journée)');
  assert.equal(timed(moved).start.utc.toISOString(), '2023-01-26T16:00:00.000Z');
  const summer = workshops.find((e) => timed(e).start.utc.toISOString().startsWith('2023-06-01'));
  assert.equal(summer && timed(summer).start.utc.toISOString(), '2023-06-01T12:00:00.000Z', "the VTIMEZONE's summer rule applies");
  assert.equal(new Set(workshops.map((e) => e.key)).size, workshops.length, 'each occurrence has its own key');
  // Folded lines joined, escaped characters read.
  assert.equal(workshops[0]?.summary, "Atelier d'écriture : réécrire les pages de présentation du wiki et leurs traductions");
  assert.equal(workshops[0]?.location, 'Salle Élise-Deroche, 2e étage');
  assert.equal(workshops[0]?.description, 'Ordre du jour :\n- relecture\n- questions\n\nVisio : https://visio.example.org/atelier');
  assert.equal(workshops[0]?.url, 'https://example.org/atelier');
});

test('all-day events keep their dates; a missing DTEND means one day', () => {
  const cal = parsed(ics(['UID:a\nDTSTART;VALUE=DATE:20230713\nDTEND;VALUE=DATE:20230715\nSUMMARY:Fête', 'UID:b\nDTSTART;VALUE=DATE:20231225\nSUMMARY:Noël']));
  assert.deepEqual(cal.events.map((e) => e.when), [
    { allDay: true, startDate: '2023-07-13', endDate: '2023-07-15' },
    { allDay: true, startDate: '2023-12-25', endDate: '2023-12-26' },
  ]);
});

test('UTC times are shown in the calendar zone when it names one, else in UTC; DURATION gives the end', () => {
  const withZone = parsed(ics(['UID:a\nDTSTART:20230112T130000Z\nDURATION:PT90M\nSUMMARY:x'], ['X-WR-TIMEZONE:America/Montreal']));
  const when = timed(withZone.events[0]);
  assert.equal(when.timeZone, 'America/Toronto', 'Intl gives the canonical name');
  assert.equal(when.start.offsetMinutes, -300);
  assert.equal(when.end.utc.toISOString(), '2023-01-12T14:30:00.000Z');
  assert.equal(timed(parsed(ics(['UID:a\nDTSTART:20230112T130000Z\nSUMMARY:x'])).events[0]).timeZone, 'UTC');
});

test('floating times with no zone anywhere stay floating', () => {
  const when = timed(parsed(ics(['UID:a\nDTSTART:20230112T140000\nSUMMARY:x'])).events[0]);
  assert.equal(when.timeZone, undefined);
  assert.equal(when.start.offsetMinutes, 0);
});

test('a repeat without end is expanded only within the window around now, and never past the cap', () => {
  const daily = 'UID:d\nDTSTART;TZID=Europe/Paris:20000101T090000\nRRULE:FREQ=DAILY\nSUMMARY:Café';
  const cal = parsed(ics([daily]));
  const starts = cal.events.map((e) => timed(e).start.utc.getTime());
  assert.ok(starts.length > 0);
  assert.ok(Math.min(...starts) >= NOW.getTime() - 3 * 366 * 86_400_000);
  assert.ok(Math.max(...starts) <= NOW.getTime() + 3 * 366 * 86_400_000);
  assert.ok(starts.length <= 500);
  assert.equal(cal.problems.length, 1, 'the cut is reported');
  const small = parseCalendar(ics([daily]), { now: NOW, maxOccurrences: 3 });
  assert.ok(!(small instanceof CalendarError));
  assert.equal(small.events.length, 3);
});

test('hostile repeats (every second since 1970) end quickly with a note, not a hang', () => {
  const cal = parsed(ics(['UID:s\nDTSTART:19700101T000000Z\nRRULE:FREQ=SECONDLY\nSUMMARY:Spam']));
  assert.equal(cal.events.length, 0);
  assert.equal(cal.problems.length, 1);
});

test('an unreadable repetition rule keeps the calendar readable and says so', () => {
  const cal = parsed(ics(['UID:r\nDTSTART:20230101T100000Z\nRRULE:FREQ=MONTHLY;BYYEARDAY=4\nSUMMARY:Règle', 'UID:ok\nDTSTART:20230101T100000Z\nSUMMARY:Bon']));
  assert.ok(cal.events.some((e) => e.summary === 'Bon'));
  assert.ok(cal.problems.length >= 1);
});

test('an event without DTSTART, or with garbage in it, is skipped with a problem; the others remain', () => {
  const cal = parsed(ics(['UID:a\nSUMMARY:Sans date', 'UID:b\nDTSTART:garbage\nSUMMARY:Date illisible', 'UID:c\nDTSTART:20230112T140000Z\nSUMMARY:Bon']));
  assert.deepEqual(cal.events.map((e) => e.summary), ['Bon']);
  assert.equal(cal.problems.length, 2);
  assert.match(cal.problems[0]?.fr ?? '', /Sans date.*DTSTART/);
  assert.match(cal.problems[0]?.en ?? '', /skipped/);
});

test('an end before the start, or unreadable, makes a moment at the start', () => {
  const cal = parsed(ics(['UID:a\nDTSTART:20230112T140000Z\nDTEND:20230112T100000Z\nSUMMARY:x', 'UID:b\nDTSTART:20230113T140000Z\nDTEND:zzz\nSUMMARY:y']));
  for (const event of cal.events) {
    const when = timed(event);
    assert.equal(when.end.utc.getTime(), when.start.utc.getTime());
  }
});

test('the same UID on several events (a series file) gives distinct keys; a missing UID gets a stable one', () => {
  const text = ics(['UID:same\nDTSTART:20230112T140000Z\nSUMMARY:1', 'UID:same\nDTSTART:20230212T140000Z\nSUMMARY:2', 'DTSTART:20230312T140000Z\nSUMMARY:3']);
  const cal = parsed(text);
  assert.equal(new Set(cal.events.map((e) => e.key)).size, 3);
  assert.equal(parsed(text).events[2]?.uid, cal.events[2]?.uid);
  assert.match(cal.events[2]?.uid ?? '', /@feuillet\.invalid$/);
});

test('LF line ends, lower-case names, a BOM and several VCALENDARs in one file are read', () => {
  const one = '\uFEFFbegin:vcalendar\nversion:2.0\nbegin:vevent\nuid:a\ndtstart:20230112T140000Z\nsummary:Un\nend:vevent\nend:vcalendar\n';
  const two = ics(['UID:b\nDTSTART:20230113T140000Z\nSUMMARY:Deux']);
  assert.deepEqual(parsed(one + two).events.map((e) => e.summary), ['Un', 'Deux']);
});

test('a line folded in the middle of a multi-byte word is joined back', () => {
  const cal = parsed(ics(['UID:a\nDTSTART:20230112T140000Z\nSUMMARY:Réunion du comité d’orientation straté\n gique']));
  assert.equal(cal.events[0]?.summary, 'Réunion du comité d’orientation stratégique');
});

test('HTML in text values is kept as text (escaping is the renderer’s job); javascript: URLs are dropped', () => {
  const cal = parsed(ics(['UID:a\nDTSTART:20230112T140000Z\nSUMMARY:<script>alert(1)</script>\nURL:javascript:alert(2)']));
  assert.equal(cal.events[0]?.summary, '<script>alert(1)</script>');
  assert.equal(cal.events[0]?.url, undefined);
});

test('what is not a calendar is a typed error with a message in French and English', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   \r\n', 'empty'],
    ['hello world', 'not-icalendar'],
    ['<html><body>404</body></html>', 'not-icalendar'],
    ['BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n', 'not-icalendar'],
    ['\u0000\u0001\u0002PK\u0003\u0004garbage', 'not-icalendar'],
    ['BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20230112T140000Z\r\nSUMM', 'truncated'],
    ['BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n', 'malformed'],
  ];
  for (const [text, reason] of cases) {
    const result = parseCalendar(text);
    assert.ok(result instanceof CalendarError, JSON.stringify(text));
    assert.equal(result.reason, reason, JSON.stringify(text));
    assert.ok(result.fr && result.en && result.message.includes(' / '));
  }
});

test('a huge file is refused before parsing; the limit can be set', () => {
  const event = 'UID:x\nDTSTART:20230112T140000Z\nSUMMARY:' + 'a'.repeat(60);
  const huge = ics(Array.from({ length: 70_000 }, () => event));
  assert.ok(huge.length > 5 * 1024 * 1024);
  const result = parseCalendar(huge);
  assert.ok(result instanceof CalendarError);
  assert.equal(result.reason, 'too-large');
  const capped = parseCalendar(ics(Array.from({ length: 50 }, (_, i) => `UID:${i}\nDTSTART:20230112T140000Z\nSUMMARY:x`)), { maxEvents: 10 });
  assert.ok(!(capped instanceof CalendarError));
  assert.equal(capped.events.length, 10);
  assert.equal(capped.problems.length, 1);
});

test('a file of many events sharing one UID and a TZID it does not define is read up to the cap', () => {
  // Once quadratic: ical.js scanned the whole calendar for the TZID at every time read.
  const events = Array.from({ length: 20_000 }, (_, i) => `UID:same\nDTSTART;TZID=Europe/Paris:2023${String(1 + (i % 12)).padStart(2, '0')}10T140000\nSUMMARY:E${i}`);
  const cal = parsed(ics(events));
  assert.equal(cal.events.length, 5000);
  assert.equal(new Set(cal.events.map((e) => e.summary)).size, 5000);
  assert.equal(cal.problems.length, 1);
});

test('bytes of another encoding read as UTF-8 still parse (with replacement characters)', () => {
  const latin1 = Buffer.from(ics(['UID:a\nDTSTART:20230112T140000Z\nSUMMARY:Réunion']), 'latin1').toString('utf8');
  const cal = parsed(latin1);
  assert.equal(cal.events[0]?.summary, 'R\uFFFDunion');
});
