/**
 * Saving a page edited in the browser: one commit on the published branch with the writer as author,
 * made from the text in memory (no work tree), the branch moved only if it is still where the commit
 * was made on. A page that changed since the editor opened is merged three ways; when the same lines
 * changed, nothing is committed and the writer gets their text, the current version and the conflict.
 */
import { posix } from 'node:path';
import { blobAt, type BranchWork, commitFiles, commitOnBranch, GitError, type GitRepository, type Identity, mergeTexts, TaskQueues, writeBlobs } from '../git/index.js';
import { fileFromForm, formFromFile } from './form-text.js';
import { afterMerge, planSave } from './merge.js';
import { refusal, type RefusalWithStatus } from '../user-error.js';

/** Where pages are committed: the repository, the branch the wiki is published from, the wiki's folder in it. */
export interface EditTarget {
  readonly repo: GitRepository;
  readonly branch: string;
  /** The wiki's folder in the repository ('' for all of it). */
  readonly root: string;
}

export interface PageEdit {
  /** The file's path as git stores it, relative to the wiki's folder (`docs/guide.md`). */
  readonly sourcePath: string;
  /** The commit the editor started from. */
  readonly base: string;
  /** The textarea's text, as sent. */
  readonly text: string;
  readonly message: string;
  readonly author: Identity;
  readonly committer?: Identity;
  /** The largest page the wiki renders. */
  readonly maxBytes: number;
}

/** A save or proposal not made: the editor is shown again with the person's text and this status. */
export type Refused = RefusalWithStatus<400 | 409 | 413 | 503 | 507>;

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly commit: string; readonly merged: boolean }
  | { readonly kind: 'unchanged'; readonly head: string }
  | {
      readonly kind: 'conflict';
      /** The branch head the conflict was found on: the base of the next attempt. */
      readonly head: string;
      /** The page on the branch now ('' when it was removed), LF line ends as the textarea shows it. */
      readonly current: string;
      /** Both versions with git's conflict markers; '' when the page was removed meanwhile. */
      readonly markers: string;
      readonly removed: boolean;
    }
  | Refused;

/** What the user's text becomes on top of one version of the page. */
type Decision =
  | { readonly kind: 'write'; readonly blob: string; readonly merged: boolean }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict'; readonly current: string; readonly markers: string; readonly removed: boolean };

/**
 * Saves on one branch take turns in this process (the branch check catches other processes). A turn is
 * kept short: the text is read, checked, written as a blob and merged with the page as it is before the
 * turn comes; in turn, only a page that changed again meanwhile is merged anew, then a tree, a commit
 * and the branch move (two git processes; trees and objects go through long-lived ones).
 */
const saves = new TaskQueues();
/** One reason for every save (the commit says what changed): the branch moves through one long-lived git process. */
const REFLOG_REASON = 'feuillet: enregistré depuis l’éditeur / saved from the editor';
const LABELS = { ours: 'votre texte / your text', base: 'version de départ / starting version', theirs: 'version actuelle / current version' };

export async function saveEdit(target: EditTarget, edit: PageEdit): Promise<SaveOutcome> {
  const { repo } = target;
  if (!/^[0-9a-f]{40,64}$/.test(edit.base)) return refusal('Le formulaire ne dit pas de quelle version vous êtes parti : rechargez la page de modification (votre texte est ci-dessous).', 'The form does not say which version you started from: reload the editor (your text is below).', 400);
  const repoPath = target.root ? posix.join(target.root, edit.sourcePath) : edit.sourcePath;
  let baseBlob: string | undefined;
  try {
    baseBlob = await blobAt(repo, edit.base, repoPath);
  } catch (error) {
    if (error instanceof GitError && (error.kind === 'not-found' || error.kind === 'invalid-revision')) {
      return refusal('La version de départ est inconnue de ce wiki.', 'The starting version is unknown to this wiki.', 400);
    }
    throw error;
  }
  const original = baseBlob ? await repo.readBlob(baseBlob) : undefined;
  const mine = fileFromForm(edit.text, original, edit.maxBytes);
  if (mine.kind === 'refused') return refusal(mine.fr, mine.en, mine.reason === 'too-large' ? 413 : 400);
  const [myBlob = ''] = await writeBlobs(repo, [mine.content]);
  // One decision per version of the page met, made once: the one made before the turn is reused in turn
  // when the page has not changed again.
  const decisions = new Map<string | undefined, Promise<Decision>>();
  const decide = (currentBlob: string | undefined): Promise<Decision> => {
    let decision = decisions.get(currentBlob);
    if (!decision) {
      decision = decideOn(repo, { baseBlob, currentBlob, original, mine: mine.content, myBlob });
      decisions.set(currentBlob, decision);
    }
    return decision;
  };
  const branchRef = `refs/heads/${target.branch}`;
  await decide(await blobAt(repo, await repo.resolve(branchRef), repoPath));
  return saves.run(`${repo.commonDir}\0${target.branch}`, async (): Promise<SaveOutcome> => {
    const outcome = await commitOnBranch(repo, target.branch, async (): Promise<BranchWork<SaveOutcome>> => {
      const head = await repo.resolve(branchRef);
      const decision = await decide(await blobAt(repo, head, repoPath));
      if (decision.kind === 'unchanged') return { answer: { kind: 'unchanged', head } };
      if (decision.kind === 'conflict') return { answer: { ...decision, head } };
      const commit = await commitFiles(repo, {
        base: head,
        changes: [{ path: repoPath, blob: decision.blob }],
        author: edit.author,
        ...(edit.committer ? { committer: edit.committer } : {}),
        message: edit.message,
      });
      return { base: head, commit, reason: REFLOG_REASON, landed: () => ({ kind: 'saved', commit, merged: decision.merged }) };
    });
    if (outcome.kind === 'worktree-has-changes') return refusal(outcome.fr, outcome.en, 409);
    if (outcome.kind === 'branch-kept-moving') return refusal('La page change sans cesse en ce moment ; votre texte est ci-dessous, réessayez.', 'The page keeps changing right now; your text is below, try again.', 503);
    return outcome;
  });
}

interface PageVersions {
  readonly baseBlob: string | undefined;
  readonly currentBlob: string | undefined;
  readonly original: Buffer | undefined;
  readonly mine: Buffer;
  readonly myBlob: string;
}

/** The user's text on top of the page as it is now: as written, merged, or a conflict to show. */
async function decideOn(repo: GitRepository, page: PageVersions): Promise<Decision> {
  const plan = planSave(page);
  if (plan.kind === 'removed-meanwhile') return { kind: 'conflict', current: '', markers: '', removed: true };
  if (plan.kind === 'write-mine') return page.myBlob === page.currentBlob ? { kind: 'unchanged' } : { kind: 'write', blob: page.myBlob, merged: false };
  const current = page.currentBlob ? await repo.readBlob(page.currentBlob) : Buffer.alloc(0);
  const result = afterMerge(await mergeTexts(page.original ?? Buffer.alloc(0), page.mine, current, LABELS));
  if (result.kind === 'conflict') return { kind: 'conflict', current: formFromFile(current), markers: formFromFile(result.markers), removed: false };
  const [blob = ''] = await writeBlobs(repo, [result.content]);
  return blob === page.currentBlob ? { kind: 'unchanged' } : { kind: 'write', blob, merged: true };
}

/** A commit message from the form: control characters removed, a default when empty. */
export function commitMessage(written: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters (but line ends and tabs) are removed
  const text = (written ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim().slice(0, 5000);
  return text === '' ? fallback : text;
}
