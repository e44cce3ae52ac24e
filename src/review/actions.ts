/**
 * What a maintainer (or the author, for what authors may do) does to a change, the same from the web,
 * the command line and mail: move it to another state, apply it. Each action checks who asks, changes
 * the database in one transaction, and tells the thread by mail.
 */
import { readFile } from 'node:fs/promises';
import { can } from '../auth/roles.js';
import { crashPoint } from '../crash-point.js';
import { ApplyInputError, type ApplyOutcome, applySeries, type BranchKeptMoving, commitsLinking, type ConflictingSeries, type WorktreeInTheWay } from '../git/index.js';
import type { SendResult } from '../mail/outbox.js';
import type { PatchSummary, ProposedChange } from './change-record.js';
import { appliedPatches, changeByNumber, listChanges, moveChange, recordAppliedPatch, recordEvent, type EventVia } from './changes.js';
import type { Actor, ReviewDesk } from './desk.js';
import { ingestMail } from './ingest.js';
import { appliedNotice, replyInThread, stateNotice } from './notices.js';
import { selectPatches } from './series-mails.js';
import { mayChangeState, OPEN_STATES, type ChangeState } from './states.js';
import type { Bilingual, Refusal } from '../user-error.js';

export type StateChangeResult =
  | { readonly kind: 'moved'; readonly change: ProposedChange; readonly from: ChangeState; readonly to: ChangeState; readonly notice: SendResult }
  | Refusal;

export async function setChangeState(desk: ReviewDesk, number: number, to: ChangeState, actor: Actor, note = ''): Promise<StateChangeResult> {
  const found = await changeByNumber(desk.db, number);
  if (!found) return notFound(number);
  const { change } = found;
  const decision = mayChangeState(actor, change, to);
  if (!decision.allowed) return { kind: 'refused', fr: decision.fr, en: decision.en };
  const moved = await desk.db.transaction((tx) =>
    moveChange(tx, change.number, change.state, to, { at: desk.now().toISOString(), actor: actorLabel(actor), via: actor.via, note, messageId: undefined }),
  );
  if (!moved) return { kind: 'refused', fr: 'L’état a changé entre-temps ; rechargez la page.', en: 'The state changed in the meantime; reload the page.' };
  const notice = await replyInThread(desk, change, { text: stateNotice(desk, change, to, actor.name) });
  return { kind: 'moved', change, from: change.state, to, notice };
}

export interface AppliedChange {
  readonly kind: 'applied';
  readonly change: ProposedChange;
  readonly branch: string;
  readonly commits: readonly { readonly index: number; readonly messageId: string; readonly title: string; readonly commit: string }[];
  /** The change's state afterwards: `applied` once every patch is, unchanged after a partial apply. */
  readonly state: ChangeState;
  readonly worktreesUpdated: readonly string[];
  readonly notice: SendResult;
}

export type ApplyChangeResult = AppliedChange | Refusal | ConflictingSeries | WorktreeInTheWay | BranchKeptMoving;

/**
 * Applies the change's patches (all, or those numbered in `patches`) on the wiki's branch with
 * `git am -3`: authors and dates kept, the actor as committer, a `Link:` to each archived mail and the
 * review trailers sent later in replies added. A conflict applies nothing and says which files.
 */
export async function applyChange(desk: ReviewDesk, number: number, actor: Actor, options: { patches?: readonly number[] } = {}): Promise<ApplyChangeResult> {
  if (actor.role === 'anonymous' || !can(actor.role, 'apply')) {
    return { kind: 'refused', fr: 'Seuls les mainteneurs peuvent appliquer une modification.', en: 'Only maintainers may apply a change.' };
  }
  const address = actor.address;
  if (!address) return { kind: 'refused', fr: 'Il faut une adresse pour signer le commit.', en: 'An address is needed to sign the commit.' };
  return desk.applyTurn(() => applyInTurn(desk, number, { ...actor, address }, options));
}

/** The apply itself, in the branch's apply turn: nothing of the change read before may have changed. */
async function applyInTurn(desk: ReviewDesk, number: number, actor: Actor & { readonly address: string }, options: { patches?: readonly number[] }): Promise<ApplyChangeResult> {
  const found = await changeByNumber(desk.db, number);
  if (!found) return notFound(number);
  const { change } = found;
  if (change.state === 'applied') return { kind: 'refused', fr: `#${number} est déjà appliquée.`, en: `#${number} is already applied.` };
  if (change.state === 'superseded' && change.supersededBy !== undefined) {
    return { kind: 'refused', fr: `#${number} est remplacée par #${change.supersededBy} : appliquez la nouvelle version.`, en: `#${number} is superseded by #${change.supersededBy}: apply the newer version.` };
  }
  const selection = await selectPatches(desk, change, options.patches);
  if (selection.kind === 'refused') return { kind: 'refused', fr: selection.fr, en: selection.en };
  const links = selection.patches.map((patch) => desk.messageUrl(patch.messageId));
  // Commits linking to these mails on the branch already: an apply a crash cut before it was recorded.
  const landed = await landedPatches(desk, change, selection.patches);
  if (landed.length === selection.patches.length) {
    const recorded = await recordApplied(desk, change, landed, { label: actorLabel(actor), via: actor.via });
    return { kind: 'applied', change, branch: desk.options.branch, commits: landed, worktreesUpdated: [], ...recorded };
  }
  const trailers = selection.patches.map((patch, i) => [...patch.followUpTrailers.map(({ key, value }) => `${key}: ${value}`), `Link: ${links[i] ?? ''}`]);
  let outcome: ApplyOutcome;
  try {
    outcome = await applySeries(desk.repo, desk.options.branch, { messages: selection.raws, trailers, paths: selection.paths }, { name: actor.name, email: actor.address }, { date: desk.now() });
  } catch (error) {
    // A name or address git would refuse as an identity, a branch name it would refuse.
    if (error instanceof ApplyInputError) return { kind: 'refused', fr: error.fr, en: error.en };
    throw error;
  }
  if (outcome.kind !== 'applied') {
    const note = outcome.kind === 'conflict' ? `${outcome.en} ${outcome.files.join(', ')}` : outcome.en;
    await desk.db.transaction((tx) => recordEvent(tx, change.number, { at: desk.now().toISOString(), actor: actorLabel(actor), via: actor.via, from: undefined, to: undefined, note, messageId: undefined }));
    return outcome;
  }
  crashPoint('apply:branch-moved');
  const commits = selection.patches.map((patch, i) => ({ index: patch.index, messageId: patch.messageId, title: patch.title, commit: outcome.commits[i] as string }));
  const recorded = await recordApplied(desk, change, commits, { label: actorLabel(actor), via: actor.via });
  return { kind: 'applied', change, branch: outcome.branch, commits, worktreesUpdated: outcome.worktreesUpdated, ...recorded };
}

interface AppliedCommit {
  readonly index: number;
  readonly messageId: string;
  readonly title: string;
  readonly commit: string;
}

/** The patches among `patches` whose commit is on the branch (found by its `Link:` to their mail). */
async function landedPatches(desk: ReviewDesk, change: ProposedChange, patches: readonly PatchSummary[]): Promise<(AppliedCommit & { readonly by: string; readonly at: string })[]> {
  const urls = new Map(patches.map((patch) => [desk.messageUrl(patch.messageId), patch]));
  // A day of margin: the committer's clock and the one that dated the change may differ.
  const since = new Date(Date.parse(change.createdAt) - 86_400_000);
  const found = await commitsLinking(desk.repo, `refs/heads/${desk.options.branch}`, new Set(urls.keys()), since);
  return [...urls].flatMap(([url, patch]) => {
    const commit = found.get(url);
    return commit ? [{ index: patch.index, messageId: patch.messageId, title: patch.title, commit: commit.id, by: commit.committerEmail, at: commit.committedAt }] : [];
  });
}

/** Records applied patches in one transaction (the change becomes `applied` once all are) and tells the thread. */
async function recordApplied(
  desk: ReviewDesk,
  change: ProposedChange,
  commits: readonly AppliedCommit[],
  actor: { readonly label: string; readonly via: EventVia },
): Promise<{ state: ChangeState; notice: SendResult }> {
  const at = desk.now().toISOString();
  const state = await desk.db.transaction(async (tx) => {
    for (const commit of commits) await recordAppliedPatch(tx, change.number, { messageId: commit.messageId, commit: commit.commit, appliedAt: at, appliedBy: actor.label });
    const applied = new Set((await appliedPatches(tx, change.number)).map((patch) => patch.messageId));
    const all = change.complete && change.series.patches.every((patch) => applied.has(patch.messageId));
    const note = commits.map(({ index, commit }) => `${index}:${commit}`).join(' ');
    if (all && (await moveChange(tx, change.number, change.state, 'applied', { at, actor: actor.label, via: actor.via, note, messageId: undefined }))) return 'applied';
    await recordEvent(tx, change.number, { at, actor: actor.label, via: actor.via, from: undefined, to: undefined, note, messageId: undefined });
    return change.state;
  });
  const notice = await replyInThread(desk, change, { text: appliedNotice(desk, change, desk.options.branch, commits) });
  return { state, notice };
}

/** A change whose patches reached the branch without the apply being recorded, and who applied them. */
export interface RecoveredApply extends Bilingual {
  readonly number: number;
  readonly state: ChangeState;
}

/**
 * At start-up: open changes whose patches are on the branch but not recorded as applied (the process
 * was killed between moving the branch and the transaction that records it) are recorded now, as
 * applied by the commits' committer, and their thread gets the notice it never had.
 */
export async function recoverInterruptedApplies(desk: ReviewDesk): Promise<RecoveredApply[]> {
  const recovered: RecoveredApply[] = [];
  for (const state of OPEN_STATES) {
    const { changes } = await listChanges(desk.db, { state, limit: 10_000 });
    for (const change of changes) {
      const recorded = new Set((await appliedPatches(desk.db, change.number)).map((patch) => patch.messageId));
      const waiting = change.series.patches.filter((patch) => !recorded.has(patch.messageId));
      const landed = await landedPatches(desk, change, waiting);
      const first = landed[0];
      if (!first) continue;
      const done = await recordApplied(desk, change, landed, { label: first.by, via: 'automatic' });
      recovered.push({
        number: change.number,
        state: done.state,
        fr: `#${change.number} : ${landed.length} correctif(s) trouvé(s) sur la branche ${desk.options.branch} sans être enregistré(s) comme appliqué(s), enregistré(s) maintenant.`,
        en: `#${change.number}: ${landed.length} patch(es) found on branch ${desk.options.branch} without being recorded as applied, recorded now.`,
      });
    }
  }
  return recovered;
}

function actorLabel(actor: Actor): string {
  return actor.address ?? actor.name;
}

function notFound(number: number): Refusal {
  return { kind: 'refused', fr: `Aucune modification n°${number}.`, en: `No change number ${number}.` };
}

export type CommentResult = { readonly kind: 'sent'; readonly notice: SendResult } | Refusal;

const MAX_COMMENT = 50_000;

/**
 * A comment written in the browser, sent into the change's thread (the list in Cc, the writer in
 * Reply-To). Without a relay the mail waits in the outbox, and the archive shows it at once; through a
 * relay it reaches the list, whose receiver archives it.
 */
export async function commentOnChange(desk: ReviewDesk, number: number, actor: Actor, text: string): Promise<CommentResult> {
  if (actor.role === 'anonymous' || !can(actor.role, 'comment') || !actor.address) {
    return { kind: 'refused', fr: 'Connectez-vous pour répondre.', en: 'Sign in to reply.' };
  }
  // eslint-disable-next-line no-control-regex -- control characters (but tabs and line ends) are what is removed
  const body = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (body === '' || body.length > MAX_COMMENT) return { kind: 'refused', fr: 'Le message est vide ou trop long.', en: 'The message is empty or too long.' };
  const found = await changeByNumber(desk.db, number);
  if (!found) return notFound(number);
  const notice = await replyInThread(desk, found.change, { text: `${body}\n`, writer: { name: actor.name, address: actor.address } });
  if (notice.kind === 'spooled') await ingestMail(desk, [{ raw: await readFile(notice.path), source: 'web' }]);
  return { kind: 'sent', notice };
}
