/**
 * A person's patch mail as the wiki sends it to a list on their behalf: a relay would refuse (or a list
 * would bounce) mail from the wiki claiming to be from the person's own domain, so From is the wiki's
 * sender ("Name via Wiki"), Reply-To the person, and the author goes first in the body as an in-body
 * `From:` line — what `git format-patch --from` writes and `git am` reads, so that whoever applies the
 * patch from the list keeps the right author. Everything else, the Message-ID first, is left as it was.
 */
import { encodeWords } from 'nodemailer/lib/mime-funcs/index.js';
import type { Person } from './trailers.js';

/** Headers replaced here (with their folded lines). */
const REPLACED = /^(from|reply-to|sender):/i;

export function onBehalf(raw: Buffer, author: Person, sender: Person, via: string): Buffer {
  const text = raw.toString('utf8');
  const split = text.search(/\r?\n\r?\n/);
  if (split < 0) throw new Error('a mail without a body');
  const eol = text[split] === '\r' ? '\r\n' : '\n';
  const lines = text.slice(0, split).split(/\r?\n/);
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!skipping) kept.push(line);
      continue;
    }
    skipping = REPLACED.test(line);
    if (!skipping) kept.push(line);
  }
  const authorName = author.name || author.address;
  const headers = [`From: ${mailbox(`${authorName} via ${via}`, sender.address)}`, `Reply-To: ${mailbox(authorName, author.address)}`, ...kept];
  // The body now holds the author's name as written: say it is UTF-8 when the mail did not.
  if (!kept.some((line) => /^content-type:/i.test(line))) headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit');
  const body = text.slice(split).replace(/^\r?\n\r?\n/, '');
  return Buffer.from(`${headers.join(eol)}${eol}${eol}From: ${authorName} <${author.address}>${eol}${eol}${body}`, 'utf8');
}

/** `name <address>` as a header holds it: the name quoted, or encoded when it is not ASCII. */
function mailbox(name: string, address: string): string {
  const shown = /[^\u0020-\u007e]/.test(name) ? encodeWords(name, 'Q', 52) : `"${name.replace(/[\\"]/g, '\\$&')}"`;
  return `${shown} <${address}>`;
}
