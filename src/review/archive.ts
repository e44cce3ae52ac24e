/**
 * The list archive in the database: every message received or imported, whole, once (by Message-ID),
 * with its thread; and the reads the archive pages and the series grouping need.
 */
import type { ParsedMessage } from '../mail/message.js';
import type { UnsafePath } from './patch-safety.js';
import { namesWiki } from '../mail/subject.js';
import type { Person } from '../mail/trailers.js';
import type { Db } from '../store/db.js';
import { PARSED_VERSION, readStored, storedJson } from './stored-message.js';

export type MailSource = 'smtp' | 'lmtp' | 'mbox' | 'maildir' | 'web';

/** How the archive files a message: a part of a series for this wiki, or discussion. */
export type ArchivedKind = 'patch' | 'cover-letter' | 'discussion';

export interface ArchivedMessage {
  /** Row number: the order messages reached the archive. */
  readonly id: number;
  readonly messageId: string;
  readonly threadId: string;
  readonly inReplyTo: string | undefined;
  readonly from: Person;
  readonly subject: string;
  /** ISO 8601, from the Date header. */
  readonly sentAt: string | undefined;
  readonly receivedAt: string;
  readonly kind: ArchivedKind;
  /** Why a patch was kept as discussion only (paths it must not touch). */
  readonly refusal: readonly UnsafePath[] | undefined;
}

export interface ThreadSummary {
  readonly threadId: string;
  readonly subject: string;
  readonly from: Person;
  readonly messages: number;
  readonly lastAt: string;
}

interface MessageRow {
  id: number;
  message_id: string;
  thread_id: string;
  in_reply_to: string | null;
  from_name: string;
  from_address: string;
  subject: string;
  sent_at: string | null;
  received_at: string;
  kind: ArchivedKind;
  refusal: string | null;
}

const COLUMNS = 'id, message_id, thread_id, in_reply_to, from_name, from_address, subject, sent_at, received_at, kind, refusal';

/** The archive's filing of a message, from its subject and what it holds. */
export function archivedKind(message: ParsedMessage, prefix: string, refused: boolean): ArchivedKind {
  const subject = message.parsedSubject;
  if (refused || subject.kind !== 'patch' || subject.reply || !namesWiki(subject, prefix)) return 'discussion';
  if (subject.part.kind === 'cover-letter') return 'cover-letter';
  return message.patch ? 'patch' : 'discussion';
}

/**
 * Stores a message unless one with the same Message-ID is there (then returns undefined). Its thread
 * is its parent's when the parent is archived, else the first message it references; replies that
 * arrived before it and took it as their thread's root follow it into its thread.
 */
export async function archiveMessage(
  tx: Db,
  entry: { message: ParsedMessage; raw: Buffer; source: MailSource; kind: ArchivedKind; refusal: readonly UnsafePath[] | undefined; receivedAt: string },
): Promise<number | undefined> {
  const { message } = entry;
  if (await tx.get('SELECT id FROM list_messages WHERE message_id = ?', [message.messageId])) return undefined;
  const parent = message.inReplyTo ?? message.references.at(-1);
  const parentThread = parent === undefined ? undefined : await tx.get<{ thread_id: string }>('SELECT thread_id FROM list_messages WHERE message_id = ?', [parent]);
  const threadId = parentThread?.thread_id ?? message.references[0] ?? message.inReplyTo ?? message.messageId;
  const inserted = await tx.get<{ id: number }>(
    `INSERT INTO list_messages (message_id, thread_id, in_reply_to, from_name, from_address, subject, sent_at, received_at, source, kind, refusal, parsed_version, parsed, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING RETURNING id`,
    [
      message.messageId,
      threadId,
      message.inReplyTo ?? null,
      message.from.name,
      message.from.address,
      message.subject,
      message.date?.toISOString() ?? null,
      entry.receivedAt,
      entry.source,
      entry.kind,
      entry.refusal && entry.refusal.length > 0 ? JSON.stringify(entry.refusal) : null,
      PARSED_VERSION,
      storedJson(message),
      entry.raw,
    ],
  );
  if (!inserted) return undefined;
  if (threadId !== message.messageId) await tx.run('UPDATE list_messages SET thread_id = ? WHERE thread_id = ?', [threadId, message.messageId]);
  return Number(inserted.id);
}

export interface StoredForGrouping {
  readonly id: number;
  readonly message: ParsedMessage;
  readonly refused: boolean;
}

/** Every archived message with id above `afterId`, parsed, oldest first (for the series grouping). */
export async function parsedMessagesAfter(db: Db, afterId: number): Promise<StoredForGrouping[]> {
  const rows = await db.all<{ id: number; parsed_version: number; parsed: string; raw: Uint8Array | null; refusal: string | null }>(
    // The raw mail is read only for rows parsed by an older version of the parser.
    `SELECT id, parsed_version, parsed, CASE WHEN parsed_version = ? THEN NULL ELSE raw END AS raw, refusal FROM list_messages WHERE id > ? ORDER BY id`,
    [PARSED_VERSION, afterId],
  );
  const found: StoredForGrouping[] = [];
  for (const row of rows) {
    const message = await readStored({ parsed_version: row.parsed_version, parsed: row.parsed, raw: row.raw ?? new Uint8Array() });
    if (message) found.push({ id: Number(row.id), message, refused: row.refusal !== null });
  }
  return found;
}

export async function archivedMessage(db: Db, messageId: string): Promise<ArchivedMessage | undefined> {
  const row = await db.get<MessageRow>(`SELECT ${COLUMNS} FROM list_messages WHERE message_id = ?`, [messageId]);
  return row && toArchived(row);
}

/** The parsed form of archived messages, by Message-ID (those not archived are left out). */
export async function parsedMessages(db: Db, messageIds: readonly string[]): Promise<Map<string, ParsedMessage>> {
  const found = new Map<string, ParsedMessage>();
  for (const chunk of chunks(messageIds, 200)) {
    const rows = await db.all<{ message_id: string; parsed_version: number; parsed: string; raw: Uint8Array }>(
      `SELECT message_id, parsed_version, parsed, raw FROM list_messages WHERE message_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const row of rows) {
      const message = await readStored(row);
      if (message) found.set(row.message_id, message);
    }
  }
  return found;
}

/** The mails as received, in the order of `messageIds` (missing ones left out). */
export async function rawMessages(db: Db, messageIds: readonly string[]): Promise<Buffer[]> {
  const found = new Map<string, Buffer>();
  for (const chunk of chunks(messageIds, 200)) {
    const rows = await db.all<{ message_id: string; raw: Uint8Array }>(
      `SELECT message_id, raw FROM list_messages WHERE message_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const row of rows) found.set(row.message_id, Buffer.from(row.raw));
  }
  return messageIds.flatMap((id) => {
    const raw = found.get(id);
    return raw ? [raw] : [];
  });
}

export async function threadMessages(db: Db, threadId: string): Promise<ArchivedMessage[]> {
  const rows = await db.all<MessageRow>(`SELECT ${COLUMNS} FROM list_messages WHERE thread_id = ? ORDER BY COALESCE(sent_at, received_at), id`, [threadId]);
  return rows.map(toArchived);
}

/** Threads, most recently active first. */
export async function threadSummaries(db: Db, page: { limit: number; offset: number }): Promise<{ threads: ThreadSummary[]; total: number }> {
  const rows = await db.all<{ thread_id: string; messages: number; last_at: string; first_id: number }>(
    `SELECT thread_id, COUNT(*) AS messages, MAX(received_at) AS last_at, MIN(id) AS first_id
     FROM list_messages GROUP BY thread_id ORDER BY MAX(received_at) DESC, thread_id LIMIT ? OFFSET ?`,
    [page.limit, page.offset],
  );
  const total = await db.get<{ n: number }>('SELECT COUNT(DISTINCT thread_id) AS n FROM list_messages');
  const firsts = new Map<number, MessageRow>();
  for (const chunk of chunks(rows.map((row) => Number(row.first_id)), 200)) {
    const found = await db.all<MessageRow>(`SELECT ${COLUMNS} FROM list_messages WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const row of found) firsts.set(Number(row.id), row);
  }
  const threads = rows.flatMap((row) => {
    const first = firsts.get(Number(row.first_id));
    return first
      ? [{ threadId: row.thread_id, subject: first.subject, from: { name: first.from_name, address: first.from_address }, messages: Number(row.messages), lastAt: row.last_at }]
      : [];
  });
  return { threads, total: Number(total?.n ?? 0) };
}

export async function rawMessage(db: Db, messageId: string): Promise<Buffer | undefined> {
  const row = await db.get<{ raw: Uint8Array }>('SELECT raw FROM list_messages WHERE message_id = ?', [messageId]);
  return row ? Buffer.from(row.raw) : undefined;
}

function toArchived(row: MessageRow): ArchivedMessage {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    threadId: row.thread_id,
    inReplyTo: row.in_reply_to ?? undefined,
    from: { name: row.from_name, address: row.from_address },
    subject: row.subject,
    sentAt: row.sent_at ?? undefined,
    receivedAt: row.received_at,
    kind: row.kind,
    refusal: row.refusal === null ? undefined : (JSON.parse(row.refusal) as UnsafePath[]),
  };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Archived messages with their parsed form, in the order of `messageIds` (missing ones left out). */
export async function archivedWithText(db: Db, messageIds: readonly string[]): Promise<Array<{ archived: ArchivedMessage; message: ParsedMessage }>> {
  const parsed = await parsedMessages(db, messageIds);
  const rows = new Map<string, ArchivedMessage>();
  for (const chunk of chunks(messageIds, 200)) {
    const found = await db.all<MessageRow>(`SELECT ${COLUMNS} FROM list_messages WHERE message_id IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const row of found) rows.set(row.message_id, toArchived(row));
  }
  return messageIds.flatMap((id) => {
    const archived = rows.get(id);
    const message = parsed.get(id);
    return archived && message ? [{ archived, message }] : [];
  });
}
