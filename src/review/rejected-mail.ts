/**
 * Mail that reached the list but is no message the archive can file (no headers, binary, a MIME tree
 * too deep to read…). The receiver acknowledged it and keeps it in its spool, so it must not vanish:
 * each is recorded once (by the digest of its bytes) with why, and maintainers see the list.
 */
import { createHash } from 'node:crypto';
import { peekHeader } from '../mail/header-peek.js';
import { isRejectionCode, type MessageRejectionCode, rejectionReason } from '../mail/message.js';
import type { Db } from '../store/db.js';
import type { MailSource } from './archive.js';
import type { Bilingual } from '../user-error.js';

export interface RejectedMail {
  readonly id: number;
  readonly receivedAt: string;
  readonly source: MailSource;
  readonly code: MessageRejectionCode;
  readonly reason: Bilingual;
  readonly size: number;
  /** The From and Subject headers as written (not decoded), shortened; empty when absent. */
  readonly sender: string;
  readonly subject: string;
  /** The file in the spool (`received-mail/`) that holds the mail, when it came by SMTP or LMTP. */
  readonly file: string | undefined;
}

interface Row {
  id: number;
  received_at: string;
  source: MailSource;
  code: string;
  size: number;
  sender: string;
  subject: string;
  file: string | null;
}

const SHOWN_CHARS = 200;

/** A header for display: printable characters only, shortened (the rest is in the spool). */
function shown(value: string | undefined): string {
  const text = (value ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

export async function recordRejectedMail(
  db: Db,
  mail: { readonly raw: Buffer; readonly source: MailSource; readonly file?: string | undefined },
  code: MessageRejectionCode,
  at: Date,
): Promise<void> {
  const digest = createHash('sha256').update(mail.raw).digest('hex');
  await db.run(
    'INSERT INTO rejected_mail (digest, received_at, source, code, size, sender, subject, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING',
    [digest, at.toISOString(), mail.source, code, mail.raw.length, shown(peekHeader(mail.raw, 'from')), shown(peekHeader(mail.raw, 'subject')), mail.file ?? null],
  );
}

/** The newest first. */
export async function listRejectedMail(db: Db, options: { limit: number; offset: number }): Promise<{ mails: RejectedMail[]; total: number }> {
  const rows = await db.all<Row>('SELECT id, received_at, source, code, size, sender, subject, file FROM rejected_mail ORDER BY id DESC LIMIT ? OFFSET ?', [
    options.limit,
    options.offset,
  ]);
  const mails = rows.map((row): RejectedMail => {
    const code = isRejectionCode(row.code) ? row.code : 'unreadable';
    return {
      id: row.id,
      receivedAt: row.received_at,
      source: row.source,
      code,
      reason: rejectionReason(code),
      size: Number(row.size),
      sender: row.sender,
      subject: row.subject,
      file: row.file ?? undefined,
    };
  });
  return { mails, total: await countRejectedMail(db) };
}

export async function countRejectedMail(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM rejected_mail'))?.n ?? 0);
}
