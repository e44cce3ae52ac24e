import { Readable } from 'node:stream';
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
  /** Made before all it shows was known (a page sent before its backlinks): neither cached nor validated. */
  incomplete?: true;
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
/** The headers of every response Feuillet makes itself, and its ETag; undefined headers when the client has it. */
function headersFor(c: Context, meta: Omit<Prepared, 'body' | 'gzip' | 'status'>, cacheControl: string): { headers: Record<string, string>; fresh: boolean } {
  const headers: Record<string, string> = {
    'Content-Type': meta.type,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Content-Security-Policy': meta.type.startsWith('text/html') ? PAGE_POLICY : ATTACHMENT_POLICY,
    Vary: 'Accept-Encoding, Accept-Language',
    ...meta.headers,
  };
  if (meta.etag) headers.ETag = meta.etag;
  return { headers, fresh: meta.etag !== undefined && matches(c.req.header('if-none-match'), meta.etag) };
}

export function send(c: Context, prepared: Prepared, cacheControl = 'no-cache'): Response {
  const { headers, fresh } = headersFor(c, prepared, cacheControl);
  if (fresh) return new Response(null, { status: 304, headers });
  const useGzip = prepared.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const body = useGzip ? prepared.gzip : prepared.body;
  if (useGzip) headers['Content-Encoding'] = 'gzip';
  headers['Content-Length'] = String(body?.length ?? 0);
  // A Buffer is a Uint8Array, which Response takes as is; the DOM typings only lack Node's ArrayBufferLike.
  const payload = c.req.method === 'HEAD' || !body ? null : (body as unknown as Uint8Array<ArrayBuffer>);
  return new Response(payload, { status: prepared.status, headers });
}

/** How many first bytes tell a file's type (see contentTypeOf). */
const HEAD_BYTES = 8000;

/**
 * A large file sent as git reads it: neither held whole nor cached nor gzipped (a 50 MB attachment would
 * take that much memory per request and push every page out of the response cache). Its type is told from
 * its first bytes, read before the answer starts.
 */
export async function sendStream(
  c: Context,
  file: { open: () => Readable; size: number; etag: string; headers?: Record<string, string> },
  typeOf: (head: Buffer) => string,
): Promise<Response> {
  const extra = file.headers ? { headers: file.headers } : {};
  if (matches(c.req.header('if-none-match'), file.etag)) {
    return new Response(null, { status: 304, headers: headersFor(c, { type: typeOf(Buffer.alloc(0)), etag: file.etag, ...extra }, 'no-cache').headers });
  }
  const source = file.open();
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < HEAD_BYTES && !ended) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else {
      head.push(next.value);
      headLength += next.value.length;
    }
  }
  const { headers } = headersFor(c, { type: typeOf(Buffer.concat(head)), etag: file.etag, ...extra }, 'no-cache');
  headers['Content-Length'] = String(file.size);
  if (c.req.method === 'HEAD') {
    source.destroy();
    return new Response(null, { status: 200, headers });
  }
  async function* body(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  const stream = Readable.from(body(), { objectMode: false });
  // Cancelling the answer (the reader went away) stops the read and its git process.
  stream.on('close', () => source.destroy());
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array<ArrayBuffer>>, { status: 200, headers });
}
