import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';

export interface Prepared {
  status: number;
  body: Buffer;
  /** The body gzipped, when that makes it smaller. */
  gzip?: Buffer;
  type: string;
  etag?: string;
  headers?: Record<string, string>;
}

const PAGE_POLICY = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** Attachments come from the repository: a hostile SVG or HTML file must not run in the wiki's origin. */
export const ATTACHMENT_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";

export function prepare(status: number, body: string | Buffer, type: string, etag?: string, headers?: Record<string, string>): Prepared {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const compressible = /^(text\/|application\/(json|xml|atom\+xml|javascript))|image\/svg/.test(type) && bytes.length > 1024;
  const gzip = compressible ? gzipSync(bytes) : undefined;
  const prepared: Prepared = { status, body: bytes, type };
  if (gzip && gzip.length < bytes.length) prepared.gzip = gzip;
  if (etag) prepared.etag = etag;
  if (headers) prepared.headers = headers;
  return prepared;
}

/** Ready responses by revision and URL: a repeated request costs a map lookup, not a render. */
export const responseCache = new LRUCache<string, Prepared>({
  maxSize: 256 * 1024 * 1024,
  sizeCalculation: (p) => p.body.length + (p.gzip?.length ?? 0) + 200,
});

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

/** Sends a prepared response: 304 when the client has it, gzip when the client takes it. */
export function send(c: Context, prepared: Prepared, cacheControl = 'no-cache'): Response {
  const headers: Record<string, string> = {
    'Content-Type': prepared.type,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Content-Security-Policy': prepared.type.startsWith('text/html') ? PAGE_POLICY : ATTACHMENT_POLICY,
    Vary: 'Accept-Encoding, Accept-Language',
    ...prepared.headers,
  };
  if (prepared.etag) {
    headers.ETag = prepared.etag;
    if (matches(c.req.header('if-none-match'), prepared.etag)) return new Response(null, { status: 304, headers });
  }
  const useGzip = prepared.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const body = useGzip ? prepared.gzip : prepared.body;
  if (useGzip) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = String(body?.length ?? 0);
  // A Buffer is a Uint8Array, which Response takes as is; the DOM typings only lack Node's ArrayBufferLike.
  const payload = c.req.method === 'HEAD' || !body ? null : (body as unknown as Uint8Array<ArrayBuffer>);
  return new Response(payload, { status: prepared.status, headers });
}
