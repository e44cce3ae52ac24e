import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import MarkdownIt from 'markdown-it';
import { UserError, type Bilingual, type Lang } from '../user-error.js';

/*
 * iCalendar (`.ics`) files as pages. Parsing (with ical.js) gives plain data: every event with its times
 * as instants plus the UTC offset of the event's own time zone, so that rendering shows the clock the
 * organiser wrote, in the reader's language. Rendering writes an escaped HTML fragment (classes `cal-*`).
 */

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;

export type { Bilingual, Lang } from '../user-error.js';

/** A moment of a timed event: the instant, and the UTC offset of the event's zone then (wall clock = utc + offset). */
export interface ZonedInstant {
  utc: Date;
  offsetMinutes: number;
}

export type EventWhen =
  /** Dates as `YYYY-MM-DD`; `endDate` is the day after the last one, as in iCalendar. */
  | { allDay: true; startDate: string; endDate: string }
  /** `timeZone`: an IANA zone (`Europe/Paris`), a TZID the file defines, or undefined for floating times. */
  | { allDay: false; start: ZonedInstant; end: ZonedInstant; timeZone: string | undefined };

export interface CalendarEvent {
  uid: string;
  /** Unique within its calendar: the UID, plus the occurrence for repeated or duplicated UIDs. */
  key: string;
  summary: string;
  when: EventWhen;
  location?: string;
  description?: string;
  url?: string;
  /** For one occurrence of a repeating event: which occurrence (its original start, as iCalendar writes it). */
  recurrenceId?: string;
  /** When the organiser's software wrote the event (DTSTAMP, or LAST-MODIFIED). */
  stamp?: Date;
}

export interface ParsedCalendar {
  /** X-WR-CALNAME or NAME. */
  name?: string;
  events: CalendarEvent[];
  /** What could not be read; the rest of the calendar still renders. */
  problems: Bilingual[];
}

/** A sentence for people, in both languages the interface speaks. */

export type CalendarErrorReason = 'empty' | 'too-large' | 'not-icalendar' | 'truncated' | 'malformed';

/** A calendar file Feuillet cannot show: the page says why in place of the agenda. */
export class CalendarError extends UserError {
  constructor(
    readonly reason: CalendarErrorReason,
    text: Bilingual,
  ) {
    super(text.fr, text.en, 422);
  }
}

export interface ParseCalendarOptions {
  /** Centre of the window in which repeating events are expanded (default: the current time). */
  now?: Date;
  /** Half-width of that window, in years (default 2). */
  windowYears?: number;
  /** Occurrences kept per repeating event (default 500). */
  maxOccurrences?: number;
  /** Events kept per calendar, occurrences included (default 5000). */
  maxEvents?: number;
  /** Longest text accepted, in characters (default 5 Mi). */
  maxLength?: number;
}

// Steps through a rule before giving up, so that `FREQ=SECONDLY` from 1970 cannot stall a render.
const MAX_RECURRENCE_STEPS = 20_000;
const DAY_MS = 86_400_000;

const both = (fr: string, en: string): Bilingual => ({ fr, en });

/** Reads an iCalendar text; what it cannot read at all is a CalendarError, smaller faults are `problems`. */
export function parseCalendar(text: string, options: ParseCalendarOptions = {}): ParsedCalendar | CalendarError {
  const maxLength = options.maxLength ?? 5 * 1024 * 1024;
  if (text.length > maxLength) {
    return new CalendarError('too-large', both(`Calendrier trop grand (plus de ${maxLength} caractères)`, `calendar too large (over ${maxLength} characters)`));
  }
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return new CalendarError('empty', both('Le calendrier est vide', 'the calendar is empty'));
  if (!/^\s*BEGIN:VCALENDAR\s*$/im.test(source.slice(0, 1024))) {
    return new CalendarError('not-icalendar', both("Ce fichier n'est pas un calendrier iCalendar", 'this file is not an iCalendar calendar'));
  }
  let jcal: unknown;
  try {
    jcal = ICAL.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/did not end/.test(message) || !/^END:VCALENDAR\s*$/im.test(source.slice(-1024))) {
      return new CalendarError('truncated', both('Le calendrier semble tronqué (un BEGIN sans END)', 'the calendar looks truncated (a BEGIN without END)'));
    }
    return new CalendarError('malformed', both(`Calendrier illisible : ${message}`, `unreadable calendar: ${message}`));
  }
  // ICAL.parse gives one jCal component, or an array of them when the text holds several.
  const roots = (typeof (jcal as unknown[])[0] === 'string' ? [jcal] : (jcal as unknown[])) as unknown[];
  const calendars = roots.map((root) => new ICAL.Component(root as never)).filter((c) => c.name === 'vcalendar');
  if (calendars.length === 0) {
    return new CalendarError('not-icalendar', both("Ce fichier n'est pas un calendrier iCalendar", 'this file is not an iCalendar calendar'));
  }
  const now = (options.now ?? new Date()).getTime();
  const years = options.windowYears ?? 2;
  const reader = new EventReader({
    from: now - years * 366 * DAY_MS,
    to: now + years * 366 * DAY_MS,
    maxOccurrences: options.maxOccurrences ?? 500,
    maxEvents: options.maxEvents ?? 5000,
  });
  let name: string | undefined;
  for (const calendar of calendars) {
    name ??= textOf(calendar.getFirstPropertyValue('x-wr-calname')) ?? textOf(calendar.getFirstPropertyValue('name'));
    reader.readCalendar(calendar);
  }
  const events = reader.events.sort((a, b) => startOf(a) - startOf(b) || a.summary.localeCompare(b.summary));
  return { ...(name ? { name } : {}), events, problems: reader.problems };
}

interface ReadLimits {
  from: number;
  to: number;
  maxOccurrences: number;
  maxEvents: number;
}

/** Turns the VEVENTs of one or more VCALENDARs into events, expanding repeats within a window. */
class EventReader {
  readonly events: CalendarEvent[] = [];
  readonly problems: Bilingual[] = [];
  private full = false;

  constructor(private readonly limits: ReadLimits) {}

  readCalendar(calendar: IcalComponent): void {
    const defaultZone = ianaZone(textOf(calendar.getFirstPropertyValue('x-wr-timezone')));
    const byUid = new Map<string, IcalComponent[]>();
    for (const vevent of eventsOf(calendar)) {
      const uid = textOf(vevent.getFirstPropertyValue('uid')) ?? syntheticUid(vevent);
      const group = byUid.get(uid);
      if (group) group.push(vevent);
      else byUid.set(uid, [vevent]);
    }
    for (const [uid, components] of byUid) {
      if (this.full) return;
      const masters = components.filter((c) => !c.hasProperty('recurrence-id'));
      const exceptions = components.filter((c) => c.hasProperty('recurrence-id'));
      const recurring = masters.length === 1 && (masters[0]?.hasProperty('rrule') || masters[0]?.hasProperty('rdate'));
      const shared = masters.length > 1;
      for (const master of masters) {
        if (recurring) this.readSeries(uid, master, exceptions, defaultZone);
        else this.readOne(uid, new ICAL.Event(master), shared, defaultZone);
      }
      // Exceptions without a repeating event to belong to are shown as they are.
      if (!recurring) for (const exception of exceptions) this.readOne(uid, new ICAL.Event(exception), true, defaultZone);
    }
  }

  private readOne(uid: string, event: IcalEvent, shared: boolean, calendarZone: string | undefined): void {
    if (this.full) return;
    const zones = zonesOf(event, calendarZone);
    const times = this.timesOf(event, zones);
    if (!times) return;
    this.push(eventOf(uid, event, times, zones, shared ? { key: `${uid}/${times.start.toString()}` } : { key: uid }));
  }

  private readSeries(uid: string, master: IcalComponent, exceptions: IcalComponent[], calendarZone: string | undefined): void {
    const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
    if (!this.timesOf(event, zonesOf(event, calendarZone))) return;
    const summary = textOf(event.summary) ?? uid;
    let kept = 0;
    try {
      const iterator = event.iterator();
      for (let step = 0; step < MAX_RECURRENCE_STEPS; step++) {
        const next = iterator.next();
        if (!next) return;
        // Off by a few hours for floating times, which does not matter against a window of years.
        const rough = next.toUnixTime() * 1000;
        if (rough > this.limits.to) return;
        if (rough < this.limits.from) continue;
        const details = event.getOccurrenceDetails(next);
        const zones = zonesOf(details.item, calendarZone);
        const recurrenceId = details.recurrenceId.toString();
        const times = { start: details.startDate, end: details.endDate };
        this.push(eventOf(uid, details.item, times, zones, { key: `${uid}/${recurrenceId}`, recurrenceId }));
        if (this.full) return;
        if (++kept >= this.limits.maxOccurrences) break;
      }
      this.problems.push(both(`« ${summary} » : répétitions tronquées`, `"${summary}": repetitions cut short`));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.problems.push(both(`« ${summary} » : règle de répétition illisible (${message})`, `"${summary}": unreadable repetition rule`));
    }
  }

  /** Start and end of an event, or undefined (and a problem) when it has no usable start. */
  private timesOf(event: IcalEvent, zones: Zones): Times | undefined {
    const summary = textOf(event.component.getFirstPropertyValue('summary')) ?? '';
    let start: IcalTime;
    try {
      start = event.startDate;
      if (!start) throw new Error('DTSTART');
      instantOf(start, zones.start, zones.calendar);
    } catch {
      this.problems.push(both(`Événement « ${summary} » ignoré : date de début (DTSTART) absente ou illisible`, `event "${summary}" skipped: missing or unreadable start (DTSTART)`));
      return undefined;
    }
    try {
      const end = event.endDate;
      instantOf(end, zones.end, zones.calendar);
      return { start, end };
    } catch {
      // An unreadable end (DTEND or DURATION): the event is shown as a moment.
      return { start, end: start };
    }
  }

  private push(event: CalendarEvent): void {
    if (this.events.length >= this.limits.maxEvents) {
      if (!this.full) this.problems.push(both(`Seuls les ${this.limits.maxEvents} premiers événements sont montrés`, `only the first ${this.limits.maxEvents} events are shown`));
      this.full = true;
      return;
    }
    this.events.push(event);
  }
}

/**
 * The VEVENTs of a VCALENDAR, each attached to a copy of the calendar that holds only its VTIMEZONEs:
 * ical.js finds a TZID by scanning every child of the calendar, for every time it reads, which made a
 * file of many events quadratic (40 000 events: 40 s).
 */
function eventsOf(calendar: IcalComponent): IcalComponent[] {
  const [name, properties, children] = calendar.jCal as [string, unknown[], unknown[][]];
  const zones = new ICAL.Component([name, properties, children.filter((c) => c[0] === 'vtimezone')]);
  return children.filter((c) => c[0] === 'vevent').map((c) => new ICAL.Component(c as never, zones));
}

interface Times {
  start: IcalTime;
  end: IcalTime;
}

/** The TZIDs written on an event's DTSTART and DTEND, and the zone its calendar names (X-WR-TIMEZONE). */
interface Zones {
  start: string | undefined;
  end: string | undefined;
  calendar: string | undefined;
}

function zonesOf(event: IcalEvent, calendarZone: string | undefined): Zones {
  const tzid = (name: string) => {
    const value: unknown = event.component.getFirstProperty(name)?.getParameter('tzid');
    return typeof value === 'string' ? value : undefined;
  };
  const start = tzid('dtstart');
  return { start, end: tzid('dtend') ?? start, calendar: calendarZone };
}

function eventOf(uid: string, event: IcalEvent, times: Times, zones: Zones, identity: { key: string; recurrenceId?: string }): CalendarEvent {
  const component = event.component;
  const summary = textOf(component.getFirstPropertyValue('summary')) ?? '';
  const location = textOf(component.getFirstPropertyValue('location'));
  const description = textOf(component.getFirstPropertyValue('description'));
  const url = textOf(component.getFirstPropertyValue('url'));
  const stampValue = component.getFirstPropertyValue('dtstamp') ?? component.getFirstPropertyValue('last-modified');
  const stamp = stampValue instanceof ICAL.Time ? stampValue.toJSDate() : undefined;
  return {
    uid,
    ...identity,
    summary,
    when: whenOf(times, zones),
    ...(location ? { location } : {}),
    ...(description ? { description } : {}),
    ...(url && /^https?:\/\//i.test(url) ? { url } : {}),
    ...(stamp && !Number.isNaN(stamp.getTime()) ? { stamp } : {}),
  };
}

function whenOf({ start, end }: Times, zones: Zones): EventWhen {
  if (start.isDate) {
    const startDate = isoDate(start.year, start.month, start.day);
    const endDate = end.isDate ? isoDate(end.year, end.month, end.day) : startDate;
    return { allDay: true, startDate, endDate: endDate > startDate ? endDate : addDays(startDate, 1) };
  }
  const from = instantOf(start, zones.start, zones.calendar);
  const to = end.isDate ? from : instantOf(end, zones.end, zones.calendar);
  return { allDay: false, start: strip(from), end: strip(to.utc < from.utc ? from : to), timeZone: from.zone };
}

function strip({ utc, offsetMinutes }: ZonedInstant): ZonedInstant {
  return { utc, offsetMinutes };
}

/**
 * Where a time sits on the timeline, and in which zone to show it. A TZID the file defines (VTIMEZONE) is
 * read by its definition (ical.js resolves it); a TZID without definition is read as the IANA zone of that
 * name; floating times are read in the zone the calendar names (X-WR-TIMEZONE), or stay floating; UTC times
 * are shown in the calendar's zone when it names one.
 */
function instantOf(time: IcalTime, tzid: string | undefined, calendarZone: string | undefined): ZonedInstant & { zone: string | undefined } {
  const wall = utcMs(time.year, time.month, time.day, time.hour, time.minute, time.second);
  if (Number.isNaN(wall)) throw new Error('invalid date');
  const resolved = time.zone?.tzid;
  if (resolved === 'UTC') {
    const zone = calendarZone ?? 'UTC';
    return { utc: new Date(wall), offsetMinutes: zoneOffset(zone, wall), zone };
  }
  if (resolved && resolved !== 'floating' && time.zone) {
    const offsetMinutes = Math.round(time.zone.utcOffset(time) / 60);
    const location = textOf(time.zone.component?.getFirstPropertyValue('x-lic-location'));
    return { utc: new Date(wall - offsetMinutes * 60_000), offsetMinutes, zone: ianaZone(resolved) ?? ianaZone(location) ?? resolved };
  }
  const zone = ianaZone(tzid) ?? calendarZone;
  if (!zone) return { utc: new Date(wall), offsetMinutes: 0, zone: undefined };
  const utc = wallToUtc(zone, wall);
  return { utc: new Date(utc), offsetMinutes: zoneOffset(zone, utc), zone };
}

// --- Time zones through Intl (Node ships the IANA database; ical.js knows only zones a file defines). ---

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date formatter, made once per locale and options (they are slow to build); throws for unknown zones. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(id, format);
  }
  return format;
}

// Looked up for every time of every event: kept by zone name rather than through dateFormat's key.
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
const zoneNames = new Map<string, string | undefined>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let format = zoneFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    zoneFormatters.set(zone, format);
  }
  return format;
}

/** The IANA name Intl knows for a TZID (`Europe/Paris`, `/mozilla.org/…/Europe/Paris`), or undefined. */
export function ianaZone(name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (zoneNames.has(name)) return zoneNames.get(name);
  let found: string | undefined;
  const segments = name.split('/').filter(Boolean);
  for (let i = 0; i < segments.length && !found; i++) {
    const candidate = segments.slice(i).join('/');
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(candidate)) continue;
    try {
      found = zoneFormatter(candidate).resolvedOptions().timeZone;
    } catch {
      // not a zone Intl knows; try a shorter suffix
    }
  }
  // Bounded, as TZIDs come from files: a hostile file could otherwise fill the map.
  if (zoneNames.size < 1000) zoneNames.set(name, found);
  return found;
}

/** Minutes to add to UTC to get the wall clock of `zone` at `instant`. */
function zoneOffset(zone: string, instant: number): number {
  const parts = Object.fromEntries(zoneFormatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = utcMs(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant at which `zone`'s clocks read `wall`; in a gap or an overlap, the reading before the change. */
function wallToUtc(zone: string, wall: number): number {
  const first = wall - zoneOffset(zone, wall) * 60_000;
  return wall - zoneOffset(zone, first) * 60_000;
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  // setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function syntheticUid(vevent: IcalComponent): string {
  const seed = `${String(vevent.getFirstPropertyValue('summary'))}\n${vevent.getFirstProperty('dtstart')?.toICALString() ?? ''}`;
  return `${createHash('sha256').update(seed).digest('hex').slice(0, 20)}@feuillet.invalid`;
}

/** Start of an event as a timestamp (all-day events: midnight UTC of their first day). */
export function startOf(event: CalendarEvent): number {
  return event.when.allDay ? Date.parse(`${event.when.startDate}T00:00:00Z`) : event.when.start.utc.getTime();
}

/** End of an event as a timestamp (all-day events: midnight UTC after their last day). */
export function endOf(event: CalendarEvent): number {
  return event.when.allDay ? Date.parse(`${event.when.endDate}T00:00:00Z`) : event.when.end.utc.getTime();
}

// --- Rendering ---

const md = new MarkdownIt({ linkify: true });
export const escapeHtml = md.utils.escapeHtml;

const LABELS = {
  fr: {
    upcoming: 'À venir', past: 'Passés', noUpcoming: 'Aucun événement à venir.', noEvents: 'Ce calendrier ne contient aucun événement.',
    place: 'Lieu\u00a0:', link: 'Lien\u00a0:', untitled: '(sans titre)', download: 'Télécharger le calendrier (iCalendar, .ics)',
    problems: 'Certaines parties du calendrier n’ont pas pu être lues\u00a0:', more: (n: number) => `… et ${n} autre${n > 1 ? 's' : ''}.`,
  },
  en: {
    upcoming: 'Upcoming', past: 'Past', noUpcoming: 'No upcoming events.', noEvents: 'This calendar holds no events.',
    place: 'Place:', link: 'Link:', untitled: '(untitled)', download: 'Download the calendar (iCalendar, .ics)',
    problems: 'Parts of the calendar could not be read:', more: (n: number) => `… and ${n} more.`,
  },
} as const;

export interface RenderCalendarOptions {
  lang: Lang;
  downloadHref: string;
  /** What counts as upcoming (default: the current time). */
  now?: Date;
  /** Level of the section headings; event titles are one below (default 2: the page title is the h1). */
  headingLevel?: 2 | 3 | 4;
  /** Events shown per section (default 100); the rest are counted. */
  limit?: number;
}

/** The page of one calendar: upcoming events (soonest first), past events (latest first), a download link. */
export function renderCalendar(cal: ParsedCalendar, options: RenderCalendarOptions): string {
  const labels = LABELS[options.lang];
  const now = (options.now ?? new Date()).getTime();
  const level = options.headingLevel ?? 2;
  const limit = options.limit ?? 100;
  const upcoming = cal.events.filter((e) => endOf(e) > now);
  const past = cal.events.filter((e) => endOf(e) <= now).reverse();
  const list = (events: CalendarEvent[]) => {
    const shown = events.slice(0, limit).map((e) => renderEvent(e, options.lang, level + 1)).join('');
    const rest = events.length - Math.min(events.length, limit);
    return `<ul class="cal-events">${shown}</ul>${rest > 0 ? `<p class="cal-more">${escapeHtml(labels.more(rest))}</p>` : ''}`;
  };
  const parts = ['<div class="cal-calendar">'];
  if (cal.events.length === 0) parts.push(`<p class="cal-none">${escapeHtml(labels.noEvents)}</p>`);
  else {
    parts.push(`<section class="cal-upcoming"><h${level}>${escapeHtml(labels.upcoming)}</h${level}>`);
    parts.push(upcoming.length > 0 ? list(upcoming) : `<p class="cal-none">${escapeHtml(labels.noUpcoming)}</p>`, '</section>');
    if (past.length > 0) parts.push(`<section class="cal-past"><h${level}>${escapeHtml(labels.past)}</h${level}>`, list(past), '</section>');
  }
  if (cal.problems.length > 0) {
    const items = cal.problems.map((p) => `<li>${escapeHtml(p[options.lang])}</li>`).join('');
    parts.push(`<div class="cal-problems" role="note"><p>${escapeHtml(labels.problems)}</p><ul>${items}</ul></div>`);
  }
  parts.push(`<p class="cal-download"><a href="${escapeHtml(options.downloadHref)}" download>${escapeHtml(labels.download)}</a></p>`, '</div>');
  return parts.join('');
}

/** One event as a list item: title (a heading of `headingLevel`), dates, place, description, link. */
export function renderEvent(event: CalendarEvent, lang: Lang, headingLevel: number, extraHtml = ''): string {
  const labels = LABELS[lang];
  const level = Math.min(6, headingLevel);
  const parts = [
    '<li class="cal-event">',
    `<h${level} class="cal-summary">${escapeHtml(event.summary || labels.untitled)}</h${level}>`,
    `<p class="cal-when">${formatWhen(event.when, lang)}</p>`,
  ];
  if (event.location) parts.push(`<p class="cal-location"><span class="cal-label">${escapeHtml(labels.place)}</span> ${linkified(event.location)}</p>`);
  if (event.description) parts.push(`<div class="cal-description">${paragraphs(event.description)}</div>`);
  if (event.url) parts.push(`<p class="cal-url"><span class="cal-label">${escapeHtml(labels.link)}</span> ${link(event.url, event.url)}</p>`);
  parts.push(extraHtml, '</li>');
  return parts.join('');
}

function rangeFormat(lang: Lang, allDay: boolean): Intl.DateTimeFormat {
  // Wall clocks are prepared as UTC dates, so one formatter serves every zone, even ones Intl lacks.
  return dateFormat(lang, allDay ? { dateStyle: 'full', timeZone: 'UTC' } : { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });
}

/**
 * `jeudi 12 janvier 2023, 14:00 – 16:00 (heure : France)`: the range as the reader's language writes it,
 * each end inside a `<time datetime>`, then the zone's name.
 */
export function formatWhen(when: EventWhen, lang: Lang): string {
  let start: Date, end: Date, startAttr: string, endAttr: string;
  if (when.allDay) {
    start = new Date(`${when.startDate}T00:00:00Z`);
    end = new Date(Math.max(start.getTime(), Date.parse(`${when.endDate}T00:00:00Z`) - DAY_MS));
    [startAttr, endAttr] = [when.startDate, end.toISOString().slice(0, 10)];
  } else {
    start = wallClock(when.start);
    end = wallClock(when.end);
    const suffix = (t: ZonedInstant) => (when.timeZone === undefined ? '' : offsetText(t.offsetMinutes));
    startAttr = start.toISOString().slice(0, 16) + suffix(when.start);
    endAttr = end.toISOString().slice(0, 16) + suffix(when.end);
  }
  const parts = rangeFormat(lang, when.allDay).formatRangeToParts(start, end);
  let html = '';
  let open: string | undefined;
  for (const part of parts) {
    const source = (part as { source?: string }).source;
    const wanted = source === 'startRange' ? startAttr : source === 'endRange' ? endAttr : undefined;
    if (open !== wanted) {
      if (open !== undefined) html += '</time>';
      if (wanted !== undefined) html += `<time datetime="${escapeHtml(wanted)}">`;
      open = wanted;
    }
    html += escapeHtml(part.value);
  }
  if (open !== undefined) html += '</time>';
  // Equal ends are all "shared": the whole text then names the start.
  if (!html.includes('<time')) html = `<time datetime="${escapeHtml(startAttr)}">${html}</time>`;
  if (!when.allDay && when.timeZone) html += ` <span class="cal-zone">(${escapeHtml(zoneName(when.timeZone, lang, when.start.utc))})</span>`;
  return html;
}

/** The clock reading of a zoned instant, as a UTC date (to format with `timeZone: 'UTC'`). */
export function wallClock(t: ZonedInstant): Date {
  return new Date(t.utc.getTime() + t.offsetMinutes * 60_000);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The zone as the reader's language names it (`heure : France`), or the file's own name for it. */
function zoneName(zone: string, lang: Lang, at: Date): string {
  if (!ianaZone(zone)) return zone;
  return dateFormat(lang, { timeZone: zone, timeZoneName: 'shortGeneric' })
    .formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

/** Plain text with its line breaks kept and its addresses made links. */
function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => `<p>${block.split(/\r?\n/).map(linkified).join('<br>')}</p>`)
    .join('');
}

function linkified(text: string): string {
  let html = '';
  let last = 0;
  for (const match of md.linkify.match(text) ?? []) {
    if (!/^(https?:|mailto:)/i.test(match.url)) continue;
    html += escapeHtml(text.slice(last, match.index)) + link(match.url, match.text);
    last = match.lastIndex;
  }
  return html + escapeHtml(text.slice(last));
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}" rel="noopener">${escapeHtml(text)}</a>`;
}
