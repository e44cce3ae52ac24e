/**
 * An mbox file (a list archive, `git format-patch --stdout`) split into raw messages, streaming: one
 * message in memory at a time, bytes kept as they are (charsets are the parser's business).
 * Hand-written because the npm mbox readers either buffer the whole file or decode it as text; the
 * format is small: a line `From …` after a blank line (or at the start) opens a message, and `>From `
 * lines were escaped by the writer (mboxo: `From ` only; mboxrd: any run of `>` before `From `).
 */
import { createReadStream } from 'node:fs';

export type MboxFormat = 'mboxrd' | 'mboxo';

export type MboxEntry =
  /** `index` counts entries from 0 in file order. */
  | { readonly kind: 'message'; readonly index: number; readonly raw: Buffer }
  /** A message larger than `maxMessageBytes`: skipped, not held in memory, and reported. */
  | { readonly kind: 'oversize'; readonly index: number; readonly bytes: number };

export interface MboxOptions {
  /** How `>From ` lines are unescaped; mboxrd (the default) reads mboxo files correctly too, except for bodies that had a `>From ` of their own. */
  readonly format?: MboxFormat;
  readonly maxMessageBytes?: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const FROM_ = Buffer.from('From ');
const NEWLINE = 0x0a;
const GT = 0x3e;

export async function* splitMbox(source: AsyncIterable<Uint8Array>, options: MboxOptions = {}): AsyncGenerator<MboxEntry> {
  const format = options.format ?? 'mboxrd';
  const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  let lines: Buffer[] = [];
  let bytes = 0;
  let index = 0;
  let previousBlank = true;
  let started = false;

  function* flush(): Generator<MboxEntry> {
    // The blank line before the next `From ` belongs to the separator, not to the message.
    const last = lines[lines.length - 1];
    if (last && bytes <= max && isBlank(last)) {
      lines.pop();
      bytes -= last.length;
    }
    if (started || bytes > max || lines.some((line) => !isBlank(line))) {
      yield bytes > max ? { kind: 'oversize', index, bytes } : { kind: 'message', index, raw: Buffer.concat(lines) };
      index++;
    }
    lines = [];
    bytes = 0;
  }

  const handle = function* (line: Buffer): Generator<MboxEntry> {
    if (previousBlank && startsWith(line, FROM_, 0)) {
      yield* flush();
      started = true;
      previousBlank = false;
      return;
    }
    previousBlank = isBlank(line);
    const unescaped = unescapeLine(line, format);
    bytes += unescaped.length;
    if (bytes <= max) lines.push(unescaped);
    else lines = [];
  };

  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const data: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = data.indexOf(NEWLINE, start); end !== -1; end = data.indexOf(NEWLINE, start)) {
      yield* handle(data.subarray(start, end + 1));
      start = end + 1;
    }
    carry = Buffer.from(data.subarray(start));
    if (carry.length > max) {
      // A line longer than a whole message may be: count it, do not keep growing it.
      bytes += carry.length;
      lines = [];
      previousBlank = false;
      carry = Buffer.alloc(0);
    }
  }
  if (carry.length > 0) yield* handle(carry);
  yield* flush();
}

/** The messages of an mbox file, read as a stream. */
export function readMbox(path: string, options: MboxOptions = {}): AsyncGenerator<MboxEntry> {
  return splitMbox(createReadStream(path, { highWaterMark: 1024 * 1024 }), options);
}

/** mboxrd: `>>From ` → `>From `; mboxo: only `>From ` → `From `. */
function unescapeLine(line: Buffer, format: MboxFormat): Buffer {
  if (line[0] !== GT) return line;
  let at = 1;
  if (format === 'mboxrd') while (line[at] === GT) at++;
  return startsWith(line, FROM_, at) ? line.subarray(1) : line;
}

function startsWith(line: Buffer, prefix: Buffer, at: number): boolean {
  return line.length >= at + prefix.length && line.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && line[0] === NEWLINE) || (line.length === 2 && line[0] === 0x0d && line[1] === NEWLINE);
}

/**
 * Messages as one mboxrd stream (`From ` lines in bodies escaped so that no body splits), with LF line
 * ends: a message received over SMTP has CRLF on every line (the transport's), which become LF; a
 * message written as a file (`git format-patch`) has LF line ends, and a CR before one of them is part
 * of a file's content (a CRLF file), kept. Read it with `git am --keep-cr`.
 */
export function mboxrd(messages: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const message of messages) {
    parts.push(Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\n'));
    const firstLineEnd = message.indexOf(0x0a);
    const transport = firstLineEnd > 0 && message[firstLineEnd - 1] === 0x0d;
    const latin = message.toString('latin1');
    const text = transport ? latin.replace(/\r\n/g, '\n') : latin;
    // latin1 maps bytes one to one, so the escaping never touches the bytes of multi-byte characters.
    parts.push(Buffer.from(text.replace(/^(>*From )/gm, '>$1'), 'latin1'));
    if (!text.endsWith('\n')) parts.push(Buffer.from('\n'));
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}
