/** What the calendar tests share: an iCalendar file made of events, and its parse at a fixed date. */
import { CalendarError, parseCalendar, type ParsedCalendar } from '../../src/render/calendar.js';

/** "Now" in every calendar test: events before it are past. */
export const NOW = new Date('2023-06-01T00:00:00Z');

/** A calendar file of these events (each a few `KEY:value` lines) and these header lines, CRLF as RFC 5545 says. */
export function ics(events: string[], header: string[] = []): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//FR', ...header];
  for (const event of events) lines.push('BEGIN:VEVENT', ...event.trim().split('\n'), 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

/** The calendar parsed at `now`; a parse error fails the test. */
export function parsed(text: string, now = NOW): ParsedCalendar {
  const result = parseCalendar(text, { now });
  if (result instanceof CalendarError) throw result;
  return result;
}
