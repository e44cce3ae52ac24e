/**
 * A header of a raw mail read without parsing the mail: for what must be known of mail that may not
 * parse at all (the Message-ID of a duplicate, the sender and subject of a rejected message). Only the
 * first 64 KiB are looked at; a header past them, or a mail without a blank line after its head, has
 * none as far as this goes.
 */
const HEAD_BYTES = 64 * 1024;

export function peekHeader(raw: Buffer, name: string): string | undefined {
  const head = raw.subarray(0, HEAD_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end === -1) return undefined;
  const unfolded = head.slice(0, end).replace(/\r?\n[ \t]+/g, ' ');
  const wanted = `${name.toLowerCase()}:`;
  for (const line of unfolded.split(/\r?\n/)) {
    if (line.slice(0, wanted.length).toLowerCase() === wanted) return line.slice(wanted.length).trim();
  }
  return undefined;
}
