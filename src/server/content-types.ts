import { getMimeType } from 'hono/utils/mime';

/**
 * The Content-Type of an attachment. Text without a known type (MAINTAINERS, .txt) is shown as UTF-8 text;
 * anything else unknown is offered for download, never guessed into something a browser would run.
 */
export function contentTypeOf(name: string, bytes: Buffer): string {
  const lower = name.toLowerCase();
  if (/\.(md|markdown|txt|yml|yaml|csv|ics|diff|patch)$/.test(lower) || !lower.includes('.')) {
    if (!bytes.subarray(0, 8000).includes(0)) {
      if (lower.endsWith('.csv')) return 'text/csv; charset=utf-8';
      if (lower.endsWith('.ics')) return 'text/calendar; charset=utf-8';
      return 'text/plain; charset=utf-8';
    }
    return 'application/octet-stream';
  }
  const type = getMimeType(lower);
  if (!type) return 'application/octet-stream';
  return type.startsWith('text/') && !type.includes('charset') ? `${type}; charset=utf-8` : type;
}
