import { posix } from 'node:path';
import { LRUCache } from 'lru-cache';
import { parseCalendar, type CalendarError, type ParsedCalendar } from '../render/calendar.js';
import { renderAgenda, upcomingEvents, type CalendarSource } from '../render/calendar-feed.js';
import { parseCsv, renderDataTable, type CsvError, type DataTable } from '../render/data-table.js';
import type { EmbedRequest } from '../render/embeds.js';
import { lookup } from './links.js';
import { baseName, parentOf, type WikiPath } from './path.js';
import type { Revision, WikiFile } from './revision.js';
import type { ContentSource } from './source.js';
import { fileUrl } from './urls.js';

export const isCalendar = (path: string): boolean => /\.ics$/i.test(path);
export const isDataTable = (path: string): boolean => /\.csv$/i.test(path);

/** The raw bytes of a file, always as a download (the file's own URL may show it as a page). */
export function rawUrl(basePath: string, path: WikiPath): string {
  return `${basePath}/-/raw/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Calendars and tables of data read from the wiki, parsed once per content id. */
export class DataFiles {
  private readonly calendars = new LRUCache<string, ParsedCalendar | CalendarError>({ max: 5_000 });
  private readonly tables = new LRUCache<string, DataTable | CsvError>({ max: 500 });

  constructor(
    private readonly source: ContentSource,
    private readonly basePath: string,
  ) {}

  /** Repeating events are expanded around the current date, so a parse is kept for a month at most. */
  async calendar(file: WikiFile, now = new Date()): Promise<ParsedCalendar | CalendarError> {
    const key = `${file.id}|${now.toISOString().slice(0, 7)}`;
    let cal = this.calendars.get(key);
    if (!cal) {
      cal = parseCalendar((await this.source.read(file)).toString('utf8'), { now });
      this.calendars.set(key, cal);
    }
    return cal;
  }

  async table(file: WikiFile): Promise<DataTable | CsvError> {
    let table = this.tables.get(file.id);
    if (!table) {
      table = parseCsv(await this.source.read(file));
      this.tables.set(file.id, table);
    }
    return table;
  }

  /** Every readable calendar in a folder and its sub-folders (or the one file named), by path. */
  async calendarsUnder(revision: Revision, folder: WikiPath, single?: WikiFile): Promise<CalendarSource[]> {
    const prefix = folder === '' ? '' : `${folder}/`;
    const files = single ? [single] : [...revision.files.values()].filter((f) => isCalendar(f.path) && f.path.startsWith(prefix));
    const sources: CalendarSource[] = [];
    for (const file of files.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const cal = await this.calendar(file);
      if (!(cal instanceof Error)) sources.push({ path: file.path, cal });
    }
    return sources;
  }

  /** The HTML a page's `{{agenda}}` or `{{tableau}}` directive shows, or undefined when its target is missing. */
  async embed(revision: Revision, page: WikiPath, request: EmbedRequest, lang: 'fr' | 'en', now: Date): Promise<string | undefined> {
    const written = posix.normalize(request.target.startsWith('/') ? request.target.slice(1) : [parentOf(page), request.target].filter(Boolean).join('/'));
    if (written === '..' || written.startsWith('../')) return undefined;
    const target = lookup(revision, written === '.' || written === './' ? '' : written);
    if (!target || target.kind === 'repository') return undefined;
    if (request.kind === 'agenda') {
      const single = target.kind === 'file' ? revision.files.get(target.path) : undefined;
      if (target.kind !== 'folder' && !(single && isCalendar(single.path))) return undefined;
      const calendars = await this.calendarsUnder(revision, target.kind === 'folder' ? target.path : parentOf(target.path), single);
      return renderAgenda(upcomingEvents(calendars, now, request.limit), { lang, hrefOf: (p) => this.basePath + fileUrl(p as WikiPath), headingLevel: 3 });
    }
    const file = target.kind === 'file' ? revision.files.get(target.path) : undefined;
    if (!file || !isDataTable(file.path)) return undefined;
    const table = await this.table(file);
    if (table instanceof Error) return undefined;
    return renderDataTable(table, { caption: request.caption ?? baseName(file.path), downloadHref: rawUrl(this.basePath, file.path), lang });
  }
}
