/**
 * A contributor's edit as a proposed change: the text becomes a commit on the version they started
 * from (the contributor as author, no branch touched), the commit becomes the mail `git format-patch`
 * writes with the wiki's subject prefix, and that mail enters the review desk as a mail from the list
 * would: the same change page, states and apply as an emailed patch. A new version of one's own
 * proposal is `[PATCH prefix v2]` in reply to the first, which the series grouping reads as superseding.
 */
import { posix } from 'node:path';
import { blobAt, commitFiles, GitError, type Identity, patchMail } from '../git/index.js';
import { onBehalf } from '../mail/on-behalf.js';
import { sendRawOrSpool, type SendResult } from '../mail/outbox.js';
import type { ProposedChange } from '../review/change-record.js';
import { changeOfThread } from '../review/changes.js';
import type { ReviewDesk } from '../review/desk.js';
import { ingestMail } from '../review/ingest.js';
import { fileFromForm } from './form-text.js';
import type { Refused } from './save.js';
import { refusal } from '../user-error.js';

export interface ProposedEdit {
  /** The file's path as git stores it, relative to the wiki's folder. */
  readonly sourcePath: string;
  /** The commit the editor started from: the patch's base. */
  readonly base: string;
  readonly text: string;
  readonly message: string;
  readonly author: Identity;
  readonly maxBytes: number;
  /** The contributor's own earlier proposal this one is a new version of. */
  readonly revises?: ProposedChange;
  /** Also send the patch to the list, so that the discussion stays where maintainers already are. */
  readonly mailToList?: boolean;
}

export type ProposalOutcome =
  | {
      readonly kind: 'proposed';
      readonly change: number | undefined;
      readonly commit: string;
      readonly messageId: string;
      readonly mail: Buffer;
      /** How the list's copy went (sent, or written to the outbox), when it was asked for. */
      readonly mailed?: SendResult;
    }
  | { readonly kind: 'unchanged' }
  | Refused;

export async function proposeEdit(desk: ReviewDesk, edit: ProposedEdit): Promise<ProposalOutcome> {
  const { repo, root, prefix, listAddress } = desk.options;
  if (!/^[0-9a-f]{40,64}$/.test(edit.base)) return refusal('Le formulaire ne dit pas de quelle version vous êtes parti : rechargez la page de modification.', 'The form does not say which version you started from: reload the editor.', 400);
  if (edit.revises && edit.revises.sender.address.toLowerCase() !== edit.author.email.toLowerCase()) {
    return refusal('Seul l’auteur d’une proposition peut en envoyer une nouvelle version.', 'Only the author of a proposal may send a new version of it.', 400);
  }
  const repoPath = root ? posix.join(root, edit.sourcePath) : edit.sourcePath;
  let baseBlob: string | undefined;
  try {
    baseBlob = await blobAt(repo, edit.base, repoPath);
  } catch (error) {
    if (error instanceof GitError) return refusal('La version de départ est inconnue de ce wiki.', 'The starting version is unknown to this wiki.', 400);
    throw error;
  }
  const original = baseBlob ? await repo.readBlob(baseBlob) : undefined;
  const mine = fileFromForm(edit.text, original, edit.maxBytes);
  if (mine.kind === 'refused') return refusal(mine.fr, mine.en, mine.reason === 'too-large' ? 413 : 400);
  if (original !== undefined && mine.content.equals(original)) return { kind: 'unchanged' };
  const commit = await commitFiles(repo, { base: edit.base, changes: [{ path: repoPath, content: mine.content }], author: edit.author, message: edit.message });
  const mail = await patchMail(repo, commit, {
    prefix,
    version: edit.revises ? edit.revises.version + 1 : 1,
    to: listAddress,
    ...(edit.revises ? { inReplyTo: edit.revises.seriesId } : {}),
  });
  const messageId = messageIdOf(mail);
  await ingestMail(desk, [{ raw: mail, source: 'web' }]);
  // Recorded first, then mailed with the same Message-ID: the list's copy coming back is already known.
  const mailed = edit.mailToList ? await mailToList(desk, mail, edit.author) : undefined;
  return { kind: 'proposed', change: await changeOfThread(desk.db, [messageId]), commit, messageId, mail, ...(mailed ? { mailed } : {}) };
}

/** The patch to the list, sent by the wiki on the contributor's behalf (the author kept in the body for git am). */
function mailToList(desk: ReviewDesk, mail: Buffer, author: Identity): Promise<SendResult> {
  const { from, wikiTitle, listAddress, relay, outboxDir } = desk.options;
  const copy = onBehalf(mail, { name: author.name, address: author.email }, from, wikiTitle);
  return sendRawOrSpool(copy, { from: from.address, to: [listAddress] }, relay, outboxDir);
}

/** The Message-Id git format-patch wrote (`--thread` always writes one). */
function messageIdOf(mail: Buffer): string {
  const head = mail.subarray(0, Math.max(0, mail.indexOf('\n\n'))).toString('utf8');
  const found = /^message-id:\s*<([^>\r\n]+)>/im.exec(head);
  if (!found?.[1]) throw new Error('git format-patch wrote no Message-Id');
  return found[1];
}

