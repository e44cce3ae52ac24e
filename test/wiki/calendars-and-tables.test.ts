import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { SHARED, sharedSkip, startServer, type TestServer } from '../helpers/server.js';

const EVENTS = new URL('corpus/logiciels-libres/evenements/', SHARED);
const skip = sharedSkip('corpus', existsSync(EVENTS));
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

function future(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
}

const ICS = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//FR',
  'BEGIN:VEVENT', 'UID:un@test', `DTSTAMP:${future(0)}T000000Z`, `DTSTART;TZID=Europe/Paris:${future(10)}T140000`, `DTEND;TZID=Europe/Paris:${future(10)}T160000`,
  'SUMMARY:Réunion du groupe <script>', 'LOCATION:Paris', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

let repo: ReturnType<typeof makeRepo>;
let server: TestServer;

before(async () => {
  const files: Record<string, string | Buffer> = {
    'index.md': '# Agenda\n\n{{agenda evenements/ limite=5}}\n\n{{tableau donnees/budget.csv légende="Budget"}}\n\n{{tableau absent.csv}}\n',
    'evenements/reunion.ics': ICS,
    'donnees/budget.csv': '\uFEFFposte;montant\nlogiciels;1200\n"formation; accompagnement";300\n',
  };
  if (!skip) {
    const dir = fileURLToPath(EVENTS);
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (name.endsWith('.ics')) files[`evenements/corpus/${name}`] = readFileSync(join(dir, name));
    }
  }
  repo = makeRepo(files);
  server = await startServer({ repo: repo.dir });
});

after(async () => {
  await server.close();
  repo.cleanup();
});

test('a page embeds the upcoming events of a folder of calendars and a table of data', async () => {
  const { document } = await server.page('/');
  const agenda = document.querySelector('.embed-agenda');
  assert.ok(agenda, 'agenda embedded');
  assert.match(agenda.textContent ?? '', /Réunion du groupe <script>/);
  assert.equal(document.querySelectorAll('main script').length, 0);
  const table = document.querySelector('.embed-table table');
  assert.equal(table?.querySelector('caption')?.textContent, 'Budget');
  assert.deepEqual([...(table?.querySelectorAll('th') ?? [])].map((th) => th.textContent?.trim()), ['poste', 'montant']);
  assert.equal(table?.querySelectorAll('tbody tr').length, 2);
  assert.ok(document.querySelector('.embed-missing'), 'a missing embed says so');
});

test('a calendar file is a page for browsers and the file for calendar applications', async () => {
  const page = await server.page('/evenements/reunion.ics', HTML);
  assert.equal(page.response.status, 200);
  assert.match(page.response.headers.get('content-type') ?? '', /text\/html/);
  assert.match(page.document.querySelector('main')?.textContent ?? '', /Réunion du groupe/);
  assert.ok(page.document.querySelector('main time[datetime]'));
  const download = page.document.querySelector('main a[href="/-/raw/evenements/reunion.ics"]');
  assert.ok(download);
  const raw = await server.get('/evenements/reunion.ics', { accept: 'text/calendar' });
  assert.equal(raw.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.equal(await raw.text(), ICS);
  assert.equal((await server.get('/-/raw/evenements/reunion.ics', HTML)).headers.get('content-type'), 'text/calendar; charset=utf-8');
});

test('a CSV file is an accessible table page', async () => {
  const { document } = await server.page('/donnees/budget.csv', HTML);
  assert.ok(document.querySelector('main table caption'));
  assert.equal(document.querySelectorAll('main th[scope=col]').length, 2);
});

test('the agenda page and the subscription feed list upcoming events', async () => {
  const { response, document } = await server.page('/-/agenda');
  assert.equal(response.status, 200);
  assert.match(document.querySelector('main')?.textContent ?? '', /Réunion du groupe/);
  const feed = await server.get('/-/agenda.ics');
  assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const text = await feed.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(text, /UID:un@test/);
});

test('every calendar of the real wiki renders as a page', { skip }, async () => {
  const dir = fileURLToPath(EVENTS);
  const names = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.ics'));
  assert.ok(names.length >= 20);
  for (const name of names) {
    const url = `/evenements/corpus/${name.split('/').map(encodeURIComponent).join('/')}`;
    const { response, document } = await server.page(url, HTML);
    assert.equal(response.status, 200, url);
    assert.ok(document.querySelector('main time[datetime]'), url);
    assert.equal(document.querySelector('main .warning-box'), null, url);
  }
});
