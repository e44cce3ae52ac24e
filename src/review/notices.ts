/**
 * What the review says by mail, in the change's thread (In-Reply-To and References of its first mail,
 * the author in To, the list in Cc), so that the discussion stays where contributors already are:
 * state changes, "applied as <commit>", comments written in the browser. Sent through the relay or
 * written to the outbox: never dropped.
 */
import { sendOrSpool, type SendResult } from '../mail/outbox.js';
import type { Person } from '../mail/trailers.js';
import { parsedMessages } from './archive.js';
import type { ProposedChange } from './change-record.js';
import type { ReviewDesk } from './desk.js';
import type { ChangeState } from './states.js';

const STATE_WORDS: Record<ChangeState, { fr: string; en: string }> = {
  proposed: { fr: 'proposée', en: 'proposed' },
  'needs-revision': { fr: 'à reprendre', en: 'needs revision' },
  approved: { fr: 'approuvée', en: 'approved' },
  rejected: { fr: 'refusée', en: 'rejected' },
  applied: { fr: 'appliquée', en: 'applied' },
  superseded: { fr: 'remplacée par une version plus récente', en: 'superseded by a newer version' },
};

export interface Reply {
  readonly text: string;
  /** Who wrote it, when a person did (a comment): named in From, and in Reply-To so answers reach them. */
  readonly writer?: Person;
}

/** Sends `reply` into the change's thread. */
export async function replyInThread(desk: ReviewDesk, change: ProposedChange, reply: Reply): Promise<SendResult> {
  const first = (await parsedMessages(desk.db, [change.seriesId])).get(change.seriesId);
  const subject = first?.subject ?? change.title;
  const list = { name: '', address: desk.options.listAddress };
  const to = sameAddress(change.sender, list) ? [list] : [change.sender];
  const from = reply.writer ? { name: `${reply.writer.name || reply.writer.address} (${desk.options.wikiTitle})`, address: desk.options.from.address } : desk.options.from;
  return sendOrSpool(
    {
      from,
      to,
      cc: sameAddress(to[0] as Person, list) ? [] : [list],
      subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
      text: reply.text,
      inReplyTo: change.seriesId,
      references: [...(first?.references ?? []), change.seriesId],
      headers: {
        'List-Id': `<${desk.options.listAddress.replace('@', '.')}>`,
        ...(reply.writer ? { 'Reply-To': reply.writer.address } : {}),
        ...(desk.changeUrl(change.number) ? { 'Archived-At': `<${desk.changeUrl(change.number)}>` } : {}),
      },
    },
    desk.options.relay,
    desk.options.outboxDir,
  );
}

export function stateNotice(desk: ReviewDesk, change: ProposedChange, to: ChangeState, by: string): string {
  const words = STATE_WORDS[to];
  const url = desk.changeUrl(change.number);
  return [
    `La modification #${change.number} « ${change.title} » est maintenant : ${words.fr} (par ${by}).`,
    `Change #${change.number} "${change.title}" is now: ${words.en} (by ${by}).`,
    ...(url ? ['', url] : []),
    '',
  ].join('\n');
}

export function appliedNotice(desk: ReviewDesk, change: ProposedChange, branch: string, commits: readonly { index: number; title: string; commit: string }[]): string {
  const url = desk.changeUrl(change.number);
  const lines = commits.map(({ index, title, commit }) => `[${index}/${change.total}] ${title}\n      appliqué comme / applied as ${commit}`);
  return [
    `Appliqué sur la branche ${branch}, merci ! / Applied to branch ${branch}, thanks!`,
    '',
    ...lines,
    ...(url ? ['', url] : []),
    '',
  ].join('\n');
}

function sameAddress(a: Person, b: Person): boolean {
  return a.address.trim().toLowerCase() === b.address.trim().toLowerCase();
}
