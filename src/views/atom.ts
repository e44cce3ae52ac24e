/**
 * Atom 1.0 feeds (RFC 4287) of changes. Written by hand: the format is a few elements, and the only care
 * it needs is escaping, done here once; every URL must already be absolute.
 */

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  /** ISO 8601. */
  updated: string;
  author: { name: string; email?: string };
  /** Plain text summary. */
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own URL. */
  selfUrl: string;
  /** The page the feed follows. */
  alternateUrl: string;
  /** ISO 8601; the newest entry's date, or a fixed date for an empty feed. */
  updated: string;
  lang: string;
  entries: AtomEntry[];
}

// XML 1.0 forbids most control characters even escaped: they are dropped from text.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** An ISO date with its offset, as RFC 3339 wants it (git's %aI already is; others are normalised to UTC). */
function rfc3339(iso: string): string {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '1970-01-01T00:00:00Z' : date.toISOString();
}

export function atomFeed(feed: AtomFeed): string {
  const e = xmlEscape;
  const entries = feed.entries.map((entry) =>
    [
      '  <entry>',
      `    <id>${e(entry.id)}</id>`,
      `    <title>${e(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${e(entry.url)}"/>`,
      `    <updated>${rfc3339(entry.updated)}</updated>`,
      `    <author><name>${e(entry.author.name || '?')}</name>${entry.author.email ? `<email>${e(entry.author.email)}</email>` : ''}</author>`,
      `    <summary type="text">${e(entry.summary)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${e(feed.lang)}">`,
    `  <id>${e(feed.id)}</id>`,
    `  <title>${e(feed.title)}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${e(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(feed.alternateUrl)}"/>`,
    `  <updated>${rfc3339(feed.updated)}</updated>`,
    '  <generator>Feuillet</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
