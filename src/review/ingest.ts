/**
 * Mail into the review: each message is parsed, checked (a patch that would write into `.git`, climb
 * out of the repository or make a symbolic link is kept as discussion, with the reason), archived once
 * by Message-ID, then the series are regrouped and state changes sent by mail (`X-Feuillet-Update`)
 * are applied. Used alike by the SMTP/LMTP receivers, `import-mbox` and `import-maildir`.
 */
import { parseEmailAddress } from '../auth/email-address.js';
import { isRole, type Role } from '../auth/roles.js';
import { parseMessage, type MessageRejected, type ParsedMessage } from '../mail/message.js';
import { peekHeader } from '../mail/header-peek.js';
import { unsafePaths, type UnsafePath } from './patch-safety.js';
import { archiveMessage, archivedKind, type MailSource } from './archive.js';
import { changeByNumber, changeOfThread, moveChange, type ReconcileReport } from './changes.js';
import { recordRejectedMail } from './rejected-mail.js';
import type { ReviewDesk } from './desk.js';
import { mayChangeState, parseChangeState } from './states.js';
import type { Bilingual } from '../user-error.js';

export interface IncomingMail {
  readonly raw: Buffer;
  readonly source: MailSource;
  /** Where the mail is kept (the spool file), said on the list of rejected mail. */
  readonly file?: string;
}

export interface StateUpdateOutcome extends Bilingual {
  readonly messageId: string;
  readonly change: number | undefined;
  readonly applied: boolean;
}

export interface IngestReport {
  /** Messages archived by this call. */
  readonly archived: number;
  /** Messages already in the archive (same Message-ID). */
  readonly duplicates: number;
  /** Mail that is not a message at all (empty, no sender…), with the reason; maintainers see it too (rejected-mail.ts). */
  readonly rejected: readonly MessageRejected[];
  /** Patches kept as discussion, with the paths that made them unsafe. */
  readonly refusedPatches: readonly { readonly messageId: string; readonly reasons: readonly UnsafePath[] }[];
  readonly changes: ReconcileReport;
  readonly stateUpdates: readonly StateUpdateOutcome[];
}

/** Messages archived per transaction: a large import is not one huge transaction. */
const BATCH = 200;

export async function ingestMail(desk: ReviewDesk, mails: Iterable<IncomingMail> | AsyncIterable<IncomingMail>, onProgress?: (done: number) => void): Promise<IngestReport> {
  const rejected: MessageRejected[] = [];
  const refusedPatches: { messageId: string; reasons: UnsafePath[] }[] = [];
  const fresh: ParsedMessage[] = [];
  let duplicates = 0;
  let done = 0;
  let batch: Array<{ message: ParsedMessage; raw: Buffer; source: MailSource; refusal: UnsafePath[] | undefined }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const entries = batch;
    batch = [];
    const receivedAt = desk.now().toISOString();
    const stored = await desk.db.transaction(async (tx) => {
      const kept: ParsedMessage[] = [];
      for (const entry of entries) {
        const kind = archivedKind(entry.message, desk.options.prefix, entry.refusal !== undefined);
        if ((await archiveMessage(tx, { ...entry, kind, receivedAt })) !== undefined) kept.push(entry.message);
      }
      return kept;
    });
    duplicates += entries.length - stored.length;
    fresh.push(...stored);
  };
  for await (const mail of mails) {
    // A message already archived is not parsed again: importing an archive twice costs little.
    const knownId = headerMessageId(mail.raw);
    if (knownId !== undefined && (await desk.db.get('SELECT id FROM list_messages WHERE message_id = ?', [knownId]))) {
      duplicates++;
      onProgress?.(++done);
      continue;
    }
    const parsed = await parseMessage(mail.raw);
    if (parsed.kind === 'rejected') {
      rejected.push(parsed);
      await recordRejectedMail(desk.db, mail, parsed.code, desk.now());
    } else {
      const reasons = parsed.patch ? unsafePaths(parsed.patch) : [];
      if (reasons.length > 0) refusedPatches.push({ messageId: parsed.messageId, reasons });
      batch.push({ message: parsed, raw: mail.raw, source: mail.source, refusal: reasons.length > 0 ? reasons : undefined });
      if (batch.length >= BATCH) await flush();
    }
    onProgress?.(++done);
  }
  await flush();
  const changes = await desk.regroup();
  const stateUpdates: StateUpdateOutcome[] = [];
  for (const message of fresh.sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0))) {
    if (message.headers.feuilletUpdate !== undefined) stateUpdates.push(await stateByMail(desk, message));
  }
  return { archived: fresh.length, duplicates, rejected, refusedPatches, changes, stateUpdates };
}

/**
 * `X-Feuillet-Update: APPLIED` in a reply: the change whose thread it answers moves to that state when
 * the sender may set it (a maintainer's confirmed address, or the author for what authors may do).
 * The From header is trusted as lists.sr.ht trusts it; a list that needs more checks DKIM upstream.
 */
async function stateByMail(desk: ReviewDesk, message: ParsedMessage): Promise<StateUpdateOutcome> {
  const base = { messageId: message.messageId };
  const to = parseChangeState(message.headers.feuilletUpdate ?? '');
  if (!to) {
    return { ...base, change: undefined, applied: false, fr: `État inconnu : ${message.headers.feuilletUpdate}`, en: `Unknown state: ${message.headers.feuilletUpdate}` };
  }
  const number = await changeOfThread(desk.db, [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string => id !== undefined));
  const found = number === undefined ? undefined : await changeByNumber(desk.db, number);
  if (!found) return { ...base, change: undefined, applied: false, fr: 'Le message ne répond à aucune modification proposée.', en: 'The message answers no proposed change.' };
  const { change } = found;
  const role = await roleOfAddress(desk, message.from.address);
  const decision = mayChangeState({ role, address: message.from.address }, change, to);
  if (!decision.allowed) return { ...base, change: change.number, applied: false, fr: decision.fr, en: decision.en };
  const moved = await desk.db.transaction((tx) =>
    moveChange(tx, change.number, change.state, to, { at: desk.now().toISOString(), actor: message.from.address, via: 'mail', note: '', messageId: message.messageId }),
  );
  return moved
    ? { ...base, change: change.number, applied: true, fr: `#${change.number} : ${change.state} → ${to}`, en: `#${change.number}: ${change.state} → ${to}` }
    : { ...base, change: change.number, applied: false, fr: 'L’état a changé entre-temps.', en: 'The state changed in the meantime.' };
}

/**
 * The Message-ID as `parseMessage` reads it (the first header of that name, unfolded, inside angle
 * brackets), found without parsing the mail; undefined when it is not that simple.
 */
function headerMessageId(raw: Buffer): string | undefined {
  const value = peekHeader(raw, 'message-id');
  return value === undefined ? undefined : /^<([\x21-\x3b\x3d\x3f-\x7e]{1,998})>$/.exec(value)?.[1];
}

/** The role of the account with this confirmed address, or `reader` (a stranger to the wiki). */
export async function roleOfAddress(desk: ReviewDesk, address: string): Promise<Role> {
  const key = parseEmailAddress(address)?.key;
  if (key === undefined) return 'reader';
  const row = await desk.db.get<{ role: string }>('SELECT role FROM users WHERE email_key = ? AND disabled = 0 AND email_confirmed = 1', [key]);
  return row && isRole(row.role) ? row.role : 'reader';
}
