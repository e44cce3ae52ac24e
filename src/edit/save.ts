/**
 * Saving a page edited in the browser: one commit on the published branch with the writer as author,
 * made from the text in memory (no work tree), the branch moved only if it is still where the commit
 * was made on. A page that changed since the editor opened is merged three ways; when the same lines
 * changed, nothing is committed and the writer gets their text, the current version and the conflict.
 */
import { posix } from 'node:path';
import { advanceBranch } from '../git/advance-branch.js';
import type { Identity } from '../git/apply.js';
import { blobAt } from '../git/blob-at.js';
import { commitFiles } from '../git/commit-files.js';
import { GitError } from '../git/errors.js';
import { mergeTexts } from '../git/merge-text.js';
import type { GitRepository } from '../git/repository.js';
import { TaskQueues } from '../git/task-queues.js';
import { fileFromForm, formFromFile } from './form-text.js';
import { afterMerge, planSave } from './merge.js';

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

export interface Refused {
  readonly kind: 'refused';
  /** The HTTP status the refusal is answered with. */
  readonly status: 400 | 409 | 413 | 503;
  readonly fr: string;
  readonly en: string;
}

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

/** Saves are made one at a time per branch in this process; the branch check catches other processes. */
const saves = new TaskQueues();
const ATTEMPTS = 5;
const LABELS = { ours: 'votre texte / your text', base: 'version de départ / starting version', theirs: 'version actuelle / current version' };

export function saveEdit(target: EditTarget, edit: PageEdit): Promise<SaveOutcome> {
  return saves.run(`${target.repo.commonDir}\0${target.branch}`, () => save(target, edit));
}

async function save(target: EditTarget, edit: PageEdit): Promise<SaveOutcome> {
  const { repo } = target;
  if (!/^[0-9a-f]{40,64}$/.test(edit.base)) return refused(400, 'Le formulaire ne dit pas de quelle version vous êtes parti : rechargez la page de modification (votre texte est ci-dessous).', 'The form does not say which version you started from: reload the editor (your text is below).');
  const repoPath = target.root ? posix.join(target.root, edit.sourcePath) : edit.sourcePath;
  let baseBlob: string | undefined;
  try {
    baseBlob = await blobAt(repo, edit.base, repoPath);
  } catch (error) {
    if (error instanceof GitError && (error.kind === 'not-found' || error.kind === 'invalid-revision')) {
      return refused(400, 'La version de départ est inconnue de ce wiki.', 'The starting version is unknown to this wiki.');
    }
    throw error;
  }
  const original = baseBlob ? await repo.readBlob(baseBlob) : undefined;
  const mine = fileFromForm(edit.text, original, edit.maxBytes);
  if (mine.kind === 'refused') return refused(mine.reason === 'too-large' ? 413 : 400, mine.fr, mine.en);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const head = await repo.resolve(`refs/heads/${target.branch}`);
    const currentBlob = head === edit.base ? baseBlob : await blobAt(repo, head, repoPath);
    const current = currentBlob === baseBlob ? original : currentBlob ? await repo.readBlob(currentBlob) : undefined;
    const plan = planSave({ baseBlob, currentBlob });
    let content = mine.content;
    let merged = false;
    if (plan.kind === 'removed-meanwhile') return { kind: 'conflict', head, current: '', markers: '', removed: true };
    if (plan.kind === 'merge') {
      const result = afterMerge(await mergeTexts(original ?? Buffer.alloc(0), mine.content, current ?? Buffer.alloc(0), LABELS));
      if (result.kind === 'conflict') return { kind: 'conflict', head, current: formFromFile(current ?? Buffer.alloc(0)), markers: formFromFile(result.markers), removed: false };
      content = result.content;
      merged = true;
    }
    if (current !== undefined && content.equals(current)) return { kind: 'unchanged', head };
    const commit = await commitFiles(repo, {
      base: head,
      changes: [{ path: repoPath, content }],
      author: edit.author,
      ...(edit.committer ? { committer: edit.committer } : {}),
      message: edit.message,
    });
    const moved = await advanceBranch(repo, target.branch, head, commit, `feuillet: ${firstLine(edit.message)}`);
    if (moved.kind === 'advanced') return { kind: 'saved', commit, merged };
    if (moved.kind === 'worktree-has-changes') return refused(409, moved.fr, moved.en);
  }
  return refused(503, 'La page change sans cesse en ce moment ; votre texte est ci-dessous, réessayez.', 'The page keeps changing right now; your text is below, try again.');
}

function refused(status: Refused['status'], fr: string, en: string): Refused {
  return { kind: 'refused', status, fr, en };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.slice(0, 100) ?? '';
}

/** A commit message from the form: control characters removed, a default when empty. */
export function commitMessage(written: string | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters (but line ends and tabs) are removed
  const text = (written ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim().slice(0, 5000);
  return text === '' ? fallback : text;
}
