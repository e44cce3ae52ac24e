import ICAL from 'ical.js';
import { dateFormat, endOf, escapeHtml, renderEvent, startOf, wallClock, type CalendarEvent, type Lang, type ParsedCalendar } from './calendar.js';

/*
 * Events of many calendars together: the wiki's agenda page (and the agenda a page embeds) and the
 * iCalendar feed that calendar applications subscribe to.
 */

export interface CalendarSource {
  /** Wiki path of the `.ics` file. */
  path: string;
  cal: ParsedCalendar;
}

export interface AgendaEvent {
  path: string;
  /** The calendar's own name (X-WR-CALNAME), when it has one. */
  calendarName?: string;
  event: CalendarEvent;
}

/**
 * Events not over at `now`, soonest first, at most `limit`. An event found in several calendars (same UID,
 * same start: wikis often keep one file per meeting and one for the series) is kept once, from the
 * calendar listed first.
 */
export function upcomingEvents(calendars: readonly CalendarSource[], now: Date, limit = Infinity): AgendaEvent[] {
  const seen = new Set<string>();
  const events: AgendaEvent[] = [];
  for (const { path, cal } of calendars) {
    for (const event of cal.events) {
      if (endOf(event) <= now.getTime()) continue;
      const identity = `${event.uid}\u0000${startOf(event)}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      events.push({ path, ...(cal.name ? { calendarName: cal.name } : {}), event });
    }
  }
  events.sort((a, b) => startOf(a.event) - startOf(b.event) || a.event.summary.localeCompare(b.event.summary) || a.path.localeCompare(b.path));
  return events.slice(0, Math.max(0, limit));
}

// --- The feed ---

const design = ICAL.design.icalendar;

export interface FeedOptions {
  /** The calendar's name as subscribers see it. */
  name: string;
}

/**
 * An iCalendar document (RFC 5545) of these events: CRLF line ends, lines folded at 75 octets. Times are
 * written in UTC (floating times stay floating, all-day events stay dates), so no VTIMEZONE is needed. The
 * same events give the same bytes: DTSTAMP comes from the source event (or its start), never the clock.
 */
export function calendarFeed(events: readonly AgendaEvent[], options: FeedOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Feuillet//Feuillet wiki//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('name', 'text', options.name),
    property('x-wr-calname', 'text', options.name),
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
  ];
  const uids = feedUids(events);
  events.forEach(({ event }, i) => {
    lines.push('BEGIN:VEVENT', property('uid', 'text', uids[i] ?? event.key));
    lines.push(property('dtstamp', 'date-time', utcText(event.stamp ?? new Date(startOf(event)))));
    const { when } = event;
    if (when.allDay) {
      lines.push(property('dtstart', 'date', when.startDate), property('dtend', 'date', when.endDate));
    } else {
      // Floating times have no instant; they are written as the wall clock they are.
      const written = (t: { utc: Date }) => (when.timeZone === undefined ? utcText(t.utc).slice(0, -1) : utcText(t.utc));
      lines.push(property('dtstart', 'date-time', written(when.start)), property('dtend', 'date-time', written(when.end)));
    }
    lines.push(property('summary', 'text', event.summary));
    if (event.location) lines.push(property('location', 'text', event.location));
    if (event.description) lines.push(property('description', 'text', event.description));
    if (event.url) lines.push(property('url', 'uri', event.url));
    lines.push('END:VEVENT');
  });
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** Each event's key, unless two events of the feed share it (same UID in two calendars): then with its start. */
function feedUids(events: readonly AgendaEvent[]): string[] {
  const counts = new Map<string, number>();
  for (const { event } of events) counts.set(event.key, (counts.get(event.key) ?? 0) + 1);
  return events.map(({ event }) => ((counts.get(event.key) ?? 0) > 1 ? `${event.key}/${utcText(new Date(startOf(event)))}` : event.key));
}

function utcText(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** One content line, escaped by ical.js, unfolded (folding is done below). */
function property(name: string, type: string, value: string): string {
  return ICAL.stringify.property([name, {}, type, value], design, true);
}

/**
 * Folds a content line so that no line exceeds 75 octets, the leading space of continuation lines
 * included, never cutting a UTF-8 sequence. Written here because ical.js's own folding lets continuation
 * lines reach 76 octets.
 */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

// --- The agenda page ---

export interface AgendaOptions {
  lang: Lang;
  /** URL of a calendar's page, from its wiki path. */
  hrefOf(path: string): string;
  /** Address of the subscription feed, to offer it. */
  feedHref?: string;
  /** Level of the month headings; event titles are one below (default 2). */
  headingLevel?: 2 | 3 | 4;
}

const AGENDA_LABELS = {
  fr: { none: 'Aucun événement à venir.', from: 'Calendrier\u00a0:', subscribe: 'S’abonner à cet agenda (iCalendar)' },
  en: { none: 'No upcoming events.', from: 'Calendar:', subscribe: 'Subscribe to this agenda (iCalendar)' },
} as const;

/** Upcoming events grouped by month (in each event's own zone), each with a link to its calendar's page. */
export function renderAgenda(events: readonly AgendaEvent[], options: AgendaOptions): string {
  const labels = AGENDA_LABELS[options.lang];
  const level = options.headingLevel ?? 2;
  const parts = ['<div class="cal-agenda">'];
  if (events.length === 0) parts.push(`<p class="cal-none">${escapeHtml(labels.none)}</p>`);
  let month: string | undefined;
  for (const { path, calendarName, event } of events) {
    const label = monthOf(event, options.lang);
    if (label !== month) {
      if (month !== undefined) parts.push('</ul></section>');
      parts.push(`<section class="cal-month"><h${level}>${escapeHtml(label)}</h${level}><ul class="cal-events">`);
      month = label;
    }
    const name = calendarName ?? path.split('/').pop() ?? path;
    const source = `<p class="cal-source"><span class="cal-label">${escapeHtml(labels.from)}</span> <a href="${escapeHtml(options.hrefOf(path))}">${escapeHtml(name)}</a></p>`;
    parts.push(renderEvent(event, options.lang, level + 1, source));
  }
  if (month !== undefined) parts.push('</ul></section>');
  if (options.feedHref) parts.push(`<p class="cal-subscribe"><a href="${escapeHtml(options.feedHref)}">${escapeHtml(labels.subscribe)}</a></p>`);
  parts.push('</div>');
  return parts.join('');
}

function monthOf(event: CalendarEvent, lang: Lang): string {
  const { when } = event;
  const wall = when.allDay ? new Date(`${when.startDate}T00:00:00Z`) : wallClock(when.start);
  const text = dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(wall);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
