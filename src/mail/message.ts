/**
 * One raw mail (as received or imported) read into what the archive and the review need: identifiers
 * for threading, sender, date, decoded subject and text, the few headers Feuillet acts on, and the
 * patch when the text holds a git diff. MIME, charsets, RFC 2047, quoted-printable and base64 are
 * mailparser's job; this module never throws: unusable input is a typed rejection, damaged input a
 * best-effort message with notes saying what was wrong.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type HeaderValue, type ParsedMail } from 'mailparser';
import { parsePatch, type Patch } from './patch.js';
import { parseSubject, type MailSubject } from './subject.js';
import type { Person } from './trailers.js';
import type { Bilingual } from '../user-error.js';

export interface ParsedMessage {
  readonly kind: 'message';
  /** Without angle brackets. Made from a hash of the raw bytes when the mail has none (see `notes`). */
  readonly messageId: string;
  readonly inReplyTo: string | undefined;
  /** Oldest first, as the header lists them. */
  readonly references: readonly string[];
  readonly from: Person;
  readonly to: readonly Person[];
  readonly cc: readonly Person[];
  readonly date: Date | undefined;
  /** Decoded (RFC 2047). */
  readonly subject: string;
  readonly parsedSubject: MailSubject;
  /**
   * The plain text: the text/plain parts, followed by an inline text attachment holding a diff; for
   * HTML-only mail, the text version of the HTML.
   */
  readonly text: string;
  readonly htmlOnly: boolean;
  readonly headers: SelectedHeaders;
  /** Present when the text holds a git diff, or for a format-patch mail of an empty commit. */
  readonly patch: Patch | undefined;
  readonly notes: readonly MessageNote[];
}

/** The headers Feuillet acts on, unfolded. */
export interface SelectedHeaders {
  /** `X-Feuillet-Update: APPLIED`: a state change sent by mail. */
  readonly feuilletUpdate: string | undefined;
  readonly listId: string | undefined;
}

export type MessageNoteCode = 'missing-message-id' | 'invalid-date' | 'html-only' | 'html-not-converted' | 'undecodable-text';

export interface MessageNote extends Bilingual {
  readonly code: MessageNoteCode;
}

export type MessageRejectionCode = 'empty' | 'too-large' | 'not-a-message' | 'no-sender' | 'unreadable';

export interface MessageRejected extends Bilingual {
  readonly kind: 'rejected';
  readonly code: MessageRejectionCode;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Longer HTML is kept but not converted to text (html-to-text is slow on huge documents). */
const MAX_HTML_TO_CONVERT = 2 * 1024 * 1024;
const MAX_ID_LENGTH = 998;
const MAX_REFERENCES = 100;
const PATCH_ATTACHMENT_TYPES = new Set(['text/x-patch', 'text/x-diff', 'text/plain', 'application/x-patch', 'text/x-log']);

export async function parseMessage(raw: Buffer, options: { maxBytes?: number } = {}): Promise<ParsedMessage | MessageRejected> {
  if (isBlank(raw)) return rejected('empty');
  if (raw.length > (options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES)) return rejected('too-large');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { maxHtmlLengthToParse: MAX_HTML_TO_CONVERT, skipTextToHtml: true, skipImageLinks: true });
  } catch {
    return rejected('unreadable');
  }
  const known = ['from', 'subject', 'message-id', 'date', 'to', 'received'];
  if (!mail.headerLines.some((line) => known.includes(line.key))) return rejected('not-a-message');
  const from = mail.from?.value.find((entry) => entry.address);
  if (!from?.address) return rejected('no-sender');

  const notes: MessageNoteCode[] = [];
  const ownId = firstId(rawHeader(mail, 'message-id'));
  if (ownId === undefined) notes.push('missing-message-id');
  const dateHeader = rawHeader(mail, 'date');
  const date = dateHeader === undefined ? undefined : parseDate(dateHeader);
  if (dateHeader !== undefined && date === undefined) notes.push('invalid-date');

  const htmlOnly = typeof mail.html === 'string' && (await hasNoPlainText(raw));
  if (htmlOnly) notes.push('html-only');
  if (mail.textConversionError) notes.push('html-not-converted');
  const subject = mail.subject ?? '';
  const parsedSubject = parseSubject(subject);
  const { text, patch } = textAndPatch(mail.text ?? '', mail.attachments, parsedSubject);
  if (text.includes('\uFFFD') || subject.includes('\uFFFD')) notes.push('undecodable-text');

  return {
    kind: 'message',
    messageId: ownId ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@feuillet.invalid`,
    inReplyTo: firstId(rawHeader(mail, 'in-reply-to')),
    references: references(rawHeader(mail, 'references')),
    from: { name: from.name, address: from.address },
    to: people(mail.to),
    cc: people(mail.cc),
    date,
    subject,
    parsedSubject,
    text,
    htmlOnly,
    headers: { feuilletUpdate: rawHeader(mail, 'x-feuillet-update'), listId: firstId(rawHeader(mail, 'list-id')) },
    patch,
    notes: notes.map(note),
  };
}

function isBlank(raw: Buffer): boolean {
  return raw.every((byte) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d));
}

/**
 * The text, and the patch it holds. A diff may sit in the text or in an inline text attachment
 * (`git format-patch --attach`/`--inline` put the message in the text and the diff in the attachment).
 */
function textAndPatch(body: string, attachments: readonly Attachment[], subject: MailSubject): { text: string; patch: Patch | undefined } {
  const inBody = parsePatch(body);
  if (inBody.files.length > 0) return { text: body, patch: inBody };
  for (const attachment of attachments) {
    if (!isPatchAttachment(attachment)) continue;
    const attached = withoutMailHeaders(decodeAttachment(attachment));
    const text = body === '' ? attached : `${withoutTrailingNewlines(body)}\n${attached}`;
    const patch = parsePatch(text);
    if (patch.files.length > 0) return { text, patch };
  }
  // A format-patch mail of an empty commit has no diff, and is a patch all the same.
  const emptyCommit = subject.kind === 'patch' && !subject.reply && subject.part.kind !== 'cover-letter';
  return { text: body, patch: emptyCommit ? inBody : undefined };
}

/** A loop rather than `/\n*$/`, which takes quadratic time on a long run of newlines. */
function withoutTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return text.slice(0, end);
}

function isPatchAttachment(attachment: Attachment): boolean {
  const type = attachment.contentType.toLowerCase();
  return PATCH_ATTACHMENT_TYPES.has(type) || /\.(patch|diff)$/i.test(attachment.filename ?? '');
}

function decodeAttachment(attachment: Attachment): string {
  const contentType = attachment.headers.get('content-type');
  const charset = isStructured(contentType) ? contentType.params.charset : undefined;
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(attachment.content).replace(/\r\n/g, '\n');
  } catch {
    // An unknown charset label: UTF-8 is what git writes.
    return new TextDecoder('utf-8').decode(attachment.content).replace(/\r\n/g, '\n');
  }
}

/** A whole format-patch file attached as is starts with its own mail headers: keep its body. */
function withoutMailHeaders(text: string): string {
  if (!/^From [0-9a-f]{40} /.test(text)) return text;
  const blank = text.indexOf('\n\n');
  return blank === -1 ? '' : text.slice(blank + 2);
}

function isStructured(value: HeaderValue | undefined): value is { value: string; params: Record<string, string> } {
  return typeof value === 'object' && value !== null && 'params' in value && 'value' in value;
}

/**
 * mailparser turns HTML into text when there is no plain text part, and does not say it did: parsing
 * again without that conversion tells. Only HTML mail pays for the second parse.
 */
async function hasNoPlainText(raw: Buffer): Promise<boolean> {
  try {
    const plain = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    return (plain.text ?? '').trim() === '';
  } catch {
    return false;
  }
}

/** A header as written (unfolded), for those whose parsed form mailparser alters (ids, dates). */
function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((entry) => entry.key === key)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function firstId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bracketed = /<([^<>\s]+)>/.exec(value)?.[1];
  const id = bracketed ?? (/^[^<>\s]+$/.test(value) ? value : undefined);
  return id !== undefined && id.length <= MAX_ID_LENGTH ? id : undefined;
}

/** The ids of a References header: the root and the newest ones when a long thread makes it huge. */
function references(value: string | undefined): string[] {
  if (value === undefined) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] as string).filter((id) => id.length <= MAX_ID_LENGTH);
  const unique = [...new Set(ids.length > 0 ? ids : (firstId(value) ?? '').split(' ').filter(Boolean))];
  return unique.length <= MAX_REFERENCES ? unique : [unique[0] as string, ...unique.slice(-(MAX_REFERENCES - 1))];
}

function parseDate(value: string): Date | undefined {
  // V8 reads RFC 5322 dates, comments such as `(CEST)` included; mailparser would say "now" for a bad one.
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

function people(value: ParsedMail['to']): Person[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => [entry, ...(entry.group ?? [])]).flatMap((entry) => (entry.address ? [{ name: entry.name, address: entry.address }] : [])),
  );
}

const NOTES: Record<MessageNoteCode, { fr: string; en: string }> = {
  'missing-message-id': {
    fr: 'Le message n’a pas d’identifiant (Message-ID) ; un identifiant a été calculé à partir de son contenu.',
    en: 'The message has no Message-ID; one was computed from its content.',
  },
  'invalid-date': { fr: 'La date du message est illisible.', en: 'The date of the message cannot be read.' },
  'html-only': {
    fr: 'Message en HTML seulement : sa version texte est conservée.',
    en: 'HTML-only message: its text version is kept.',
  },
  'html-not-converted': {
    fr: 'Le HTML du message n’a pas pu être converti en texte.',
    en: 'The HTML of the message could not be converted to text.',
  },
  'undecodable-text': {
    fr: 'Une partie du texte n’a pas pu être décodée (jeu de caractères inconnu ou faux).',
    en: 'Part of the text could not be decoded (unknown or wrong character set).',
  },
};

function note(code: MessageNoteCode): MessageNote {
  return { code, ...NOTES[code] };
}

const REJECTIONS: Record<MessageRejectionCode, { fr: string; en: string }> = {
  empty: { fr: 'Le message est vide.', en: 'The message is empty.' },
  'too-large': { fr: 'Le message est trop volumineux.', en: 'The message is too large.' },
  'not-a-message': {
    fr: 'Ce contenu n’est pas un courriel (aucun en-tête reconnu).',
    en: 'This is not an email (no header recognised).',
  },
  'no-sender': {
    fr: 'Le message n’indique pas d’expéditeur (en-tête From).',
    en: 'The message names no sender (From header).',
  },
  unreadable: { fr: 'Le message est illisible.', en: 'The message cannot be read.' },
};

function rejected(code: MessageRejectionCode): MessageRejected {
  return { kind: 'rejected', code, ...rejectionReason(code) };
}

/** Why mail of this code was not archived, in French and English. */
export function rejectionReason(code: MessageRejectionCode): { fr: string; en: string } {
  return REJECTIONS[code];
}

export function isRejectionCode(value: string): value is MessageRejectionCode {
  return Object.hasOwn(REJECTIONS, value);
}
