/**
 * Applying a series of patch mails with `git am -3`, as a maintainer would by hand, without ever
 * touching the user's files: `git am` runs in a temporary worktree (`git worktree add --detach`) on the
 * branch head, so a bare repository and a clone with uncommitted work are handled alike; the branch then
 * moves by `git update-ref` checked against its old value, so a concurrent push or apply is never lost.
 * On any failure `git am --abort` runs and the temporary worktree goes: nothing is half-applied.
 *
 * Commits keep the patch author and date (git am reads them from the mail); the maintainer is the
 * committer. Trailers (a `Link:` to the archived message, `Reviewed-by:` sent later in replies) are
 * added by rewriting the new commit objects' messages with `git interpret-trailers`, which leaves their
 * trees, authors and dates as `git am` made them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporaryPrefix } from './leftovers.js';
import { isBranchName, type WorktreeInTheWay } from './advance-branch.js';
import { commitOnBranch, type BranchWork } from './commit-on-branch.js';
import { ApplyInputError } from './errors.js';
import { checkIdentity, gitDate, type Identity } from './identity.js';
import type { GitRepository } from './repository.js';
import { mboxrd } from '../mail/mbox.js';
import { runGit } from './run.js';
import type { Bilingual } from '../user-error.js';

export interface SeriesToApply {
  /** One raw mail per patch (as received: headers and MIME body), in the order to apply them. */
  readonly messages: readonly Buffer[];
  /** Trailer lines (`Link: …`, `Reviewed-by: …`) to add to each patch's commit, by position. */
  readonly trailers?: readonly (readonly string[])[];
  /** Every repository path the patches name (old and new names): only those are checked out. */
  readonly paths?: readonly string[];
}

export interface AppliedSeries {
  readonly kind: 'applied';
  /** The commit the series was applied on. */
  readonly base: string;
  /** The last new commit. */
  readonly head: string;
  /** The new commits, one per message, in order. */
  readonly commits: readonly string[];
}

export interface ConflictingSeries extends Bilingual {
  readonly kind: 'conflict';
  /** 1-based position of the patch that did not apply, among the messages given. */
  readonly patch: number;
  /** Repository paths that conflicted or to which the patch did not apply. */
  readonly files: readonly string[];
  /** What git said, for a maintainer to read. */
  readonly detail: string;
}

/** The branch kept moving under us (other commits arriving) through every attempt. */
export interface BranchKeptMoving extends Bilingual {
  readonly kind: 'branch-moved';
}

export type ApplyOutcome = (AppliedSeries & { readonly branch: string; readonly worktreesUpdated: readonly string[] }) | ConflictingSeries | WorktreeInTheWay | BranchKeptMoving;

/**
 * Applies the series on the head of `branch` and moves the branch to the result. A work tree that has
 * the branch checked out follows (its files are updated as `git checkout` would, keeping uncommitted
 * work); when it has uncommitted changes to files the series changes, nothing happens and it is said.
 */
export async function applySeries(repo: GitRepository, branch: string, series: SeriesToApply, committer: Identity, options: { date?: Date } = {}): Promise<ApplyOutcome> {
  if (!isBranchName(branch)) throw new ApplyInputError(`Nom de branche invalide : ${JSON.stringify(branch)}`, `Invalid branch name: ${JSON.stringify(branch)}`);
  const outcome = await commitOnBranch(repo, branch, async (): Promise<BranchWork<ApplyOutcome>> => {
    const base = await repo.resolve(`refs/heads/${branch}`);
    const result = await commitSeries(repo, base, series, committer, options);
    if (result.kind !== 'applied') return { answer: result };
    const reason = `feuillet: ${result.commits.length} correctif(s) appliqué(s) / patch(es) applied`;
    return { base, commit: result.head, reason, landed: (worktreesUpdated) => ({ ...result, branch, worktreesUpdated }) };
  });
  if (outcome.kind !== 'branch-kept-moving') return outcome;
  return {
    kind: 'branch-moved',
    fr: 'La branche a changé pendant chaque tentative d’application ; réessayez.',
    en: 'The branch changed during every attempt to apply; try again.',
  };
}

/**
 * The commits the series makes on top of `base`, written to the repository's objects but referenced by
 * nothing: what `applySeries` would commit, for a preview. Unreferenced objects go at the next `git gc`.
 *
 * With `series.paths` (every path the patches name), the temporary worktree checks out only those files
 * (a sparse checkout, set for that worktree alone), so that a wiki of thousands of pages is not written
 * out for a few patches; if the series does not apply that way, it is tried once more on a full checkout
 * before a conflict is reported.
 */
export async function commitSeries(repo: GitRepository, base: string, series: SeriesToApply, committer: Identity, options: { date?: Date } = {}): Promise<AppliedSeries | ConflictingSeries> {
  checkIdentity(committer);
  if (!/^[0-9a-f]{40,64}$/.test(base)) throw new ApplyInputError(`Révision de base invalide : ${base}`, `Invalid base revision: ${base}`);
  if (series.messages.length === 0) throw new ApplyInputError('Aucun correctif à appliquer.', 'No patch to apply.');
  const patterns = series.paths && sparsePatterns(series.paths);
  if (patterns) {
    const sparse = await amInTemporaryWorktree(repo, base, series, committer, options, patterns);
    if (sparse.kind === 'applied') return sparse;
  }
  return amInTemporaryWorktree(repo, base, series, committer, options, undefined);
}

async function amInTemporaryWorktree(
  repo: GitRepository,
  base: string,
  series: SeriesToApply,
  committer: Identity,
  options: { date?: Date },
  sparse: string | undefined,
): Promise<AppliedSeries | ConflictingSeries> {
  const env: Record<string, string> = {
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    ...(options.date ? { GIT_COMMITTER_DATE: gitDate(options.date) } : {}),
  };
  const scratch = await mkdtemp(join(tmpdir(), temporaryPrefix('feuillet-am')));
  const hooks = join(scratch, 'no-hooks');
  const tree = join(scratch, 'tree');
  await mkdir(hooks);
  // The user's hooks, signing and line-end settings must not change what a patch makes; the sparse
  // checkout is switched on for these commands only, never in the repository's configuration.
  const config = ['-c', `core.hooksPath=${hooks}`, '-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', '-c', 'commit.gpgSign=false', '-c', 'am.messageid=false'];
  if (sparse) config.push('-c', 'core.sparseCheckout=true', '-c', 'core.sparseCheckoutCone=false');
  try {
    if (sparse) {
      await runGit([...config, 'worktree', 'add', '--detach', '--no-checkout', '--quiet', tree, base], { cwd: repo.gitDir });
      const gitDir = (await runGit(['rev-parse', '--absolute-git-dir'], { cwd: tree })).stdout.toString('utf8').trim();
      await mkdir(join(gitDir, 'info'), { recursive: true });
      await writeFile(join(gitDir, 'info', 'sparse-checkout'), sparse);
      await runGit([...config, 'read-tree', '-m', '-u', 'HEAD'], { cwd: tree });
    } else {
      await runGit([...config, 'worktree', 'add', '--detach', '--quiet', tree, base], { cwd: repo.gitDir });
    }
    const am = await runGit([...config, 'am', '-3', '--quiet', '--patch-format=mboxrd', '--keep-cr', '--empty=keep', '--no-scissors'], {
      cwd: tree,
      input: mboxrd(series.messages),
      env,
      okCodes: [1, 128],
    });
    if (am.code !== 0) {
      const conflict = await describeConflict(tree, `${am.stdout.toString('utf8')}\n${am.stderr}`);
      await runGit([...config, 'am', '--abort'], { cwd: tree, okCodes: [1, 128] });
      return conflict;
    }
    const listed = await runGit(['rev-list', '--reverse', `${base}..HEAD`], { cwd: tree });
    const made = listed.stdout.toString('utf8').split('\n').filter(Boolean);
    const commits = await withTrailers(repo, base, made, series.trailers ?? [], scratch);
    return { kind: 'applied', base, head: commits.at(-1) ?? base, commits };
  } finally {
    await runGit(['worktree', 'remove', '--force', '--force', tree], { cwd: repo.gitDir, okCodes: [1, 128] });
    await rm(scratch, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: repo.gitDir, okCodes: [1, 128] });
  }
}

/**
 * The sparse-checkout file naming exactly `paths` (gitignore syntax, anchored, special characters
 * escaped), or undefined when a path cannot be written there (a line break in a name).
 */
function sparsePatterns(paths: readonly string[]): string | undefined {
  if (paths.length === 0 || paths.some((path) => /[\n\r]/.test(path) || path === '')) return undefined;
  const escaped = [...new Set(paths)].map((path) => `/${path.replace(/[\\*?[\]!#]/g, (char) => `\\${char}`).replace(/ $/, '\\ ')}`);
  return `${escaped.join('\n')}\n`;
}

async function describeConflict(tree: string, output: string): Promise<ConflictingSeries> {
  const failed = /Patch failed at (\d+)/.exec(output);
  const patch = failed ? Number(failed[1]) : 1;
  const unmerged = await runGit(['ls-files', '-u', '-z'], { cwd: tree, okCodes: [1, 128] });
  const files = new Set<string>();
  for (const record of unmerged.stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab !== -1) files.add(record.slice(tab + 1));
  }
  for (const match of output.matchAll(/^error: (?:patch failed: (.+):\d+|(.+): (?:patch does not apply|does not exist in index|already exists in (?:index|working directory)|does not match index))$/gm)) {
    files.add((match[1] ?? match[2]) as string);
  }
  for (const match of output.matchAll(/^CONFLICT \([^)]*\): .*? in (.+)$/gm)) files.add(match[1] as string);
  const list = [...files].sort();
  const shown = list.length > 0 ? list.join(', ') : '?';
  return {
    kind: 'conflict',
    patch,
    files: list,
    detail: output.trim(),
    fr: `Le correctif ${patch} ne s’applique pas sur la version actuelle (fichiers : ${shown}) ; rien n’a été appliqué.`,
    en: `Patch ${patch} does not apply to the current version (files: ${shown}); nothing was applied.`,
  };
}

/**
 * Rewrites the new commits, oldest first, with their trailers added; trees, authors and dates stay.
 * The rewritten objects are hashed here, since each names the previous one as parent, and written by
 * one `git hash-object`: a process per commit costs seconds on a 50-patch series.
 */
async function withTrailers(repo: GitRepository, base: string, commits: readonly string[], trailers: readonly (readonly string[])[], scratch: string): Promise<string[]> {
  if (!trailers.some((list) => list.length > 0)) return [...commits];
  const raws = await readCommits(repo, commits);
  const format = (await runGit(['rev-parse', '--show-object-format'], { cwd: repo.gitDir })).stdout.toString('utf8').trim();
  const files: string[] = [];
  const rewritten: string[] = [];
  let parent = base;
  for (const [i, raw] of raws.entries()) {
    const split = raw.indexOf('\n\n');
    const header = raw.subarray(0, split).toString('utf8');
    const message = appendTrailers(raw.subarray(split + 2).toString('utf8'), trailers[i] ?? []);
    // Only the first parent line changes: the parent is the rewritten previous commit.
    const newHeader = i === 0 ? header : header.replace(/^parent [0-9a-f]+$/m, `parent ${parent}`);
    const object = Buffer.from(`${newHeader}\n\n${message}`);
    parent = createHash(format === 'sha256' ? 'sha256' : 'sha1')
      .update(`commit ${object.length}\0`)
      .update(object)
      .digest('hex');
    const file = join(scratch, `commit-${i}`);
    await writeFile(file, object);
    files.push(file);
    rewritten.push(parent);
  }
  const written = (await runGit(['hash-object', '-t', 'commit', '-w', '--stdin-paths'], { cwd: repo.gitDir, input: `${files.join('\n')}\n` })).stdout.toString('utf8').trim().split('\n');
  if (written.join(' ') !== rewritten.join(' ')) throw new Error('git hash-object disagrees with the computed commit ids');
  return rewritten;
}

/**
 * `git interpret-trailers --no-divider --if-exists addIfDifferent --where end` for the messages `git am`
 * writes, without a process per message: trailers go at the end of the message's trailer block (its last
 * paragraph, not the title, when all its lines are trailers, or a quarter of them are and one is
 * git's own `Signed-off-by:`), or after a blank line when it has none; a trailer already there (same
 * key and value, case ignored) is not added twice. The rules are git's trailer.c; a test compares them
 * with git itself.
 */
export function appendTrailers(message: string, trailers: readonly string[]): string {
  if (trailers.length === 0) return message;
  const lines = message.replace(/\n+$/, '').split('\n');
  const titleEnd = lines.findIndex((line) => line.trim() === '');
  let start = lines.length;
  let trailerLines = 0;
  let otherLines = 0;
  let continuations = 0;
  let recognised = false;
  if (titleEnd !== -1) {
    for (let i = lines.length - 1; i > titleEnd; i--) {
      const line = lines[i] as string;
      if (line.trim() === '') break;
      start = i;
      if (/^[ \t]/.test(line)) {
        continuations++;
        continue;
      }
      if (separatorAt(line) >= 1) {
        if (line.startsWith('Signed-off-by: ')) recognised = true;
        trailerLines += 1 + continuations;
      } else if (line.startsWith('(cherry picked from commit ')) {
        recognised = true;
        trailerLines += 1 + continuations;
      } else otherLines += 1 + continuations;
      continuations = 0;
    }
    otherLines += continuations;
  }
  const isBlock = start < lines.length && ((trailerLines > 0 && otherLines === 0) || (recognised && trailerLines * 3 >= otherLines));
  const existing = isBlock ? lines.slice(start).filter((line) => separatorAt(line) >= 1) : [];
  const added: string[] = [];
  for (const trailer of trailers) {
    if (![...existing, ...added].some((line) => sameTrailer(line, trailer))) added.push(trailer);
  }
  if (added.length === 0) return message;
  const body = lines.join('\n');
  return `${body}${isBlock ? '\n' : '\n\n'}${added.join('\n')}\n`;
}

/** Where a trailer line's `:` is, as git's `find_separator` reads it (a token of letters, digits, dashes, then optional spaces); -1 if none. */
function separatorAt(line: string): number {
  let spaces = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (char === ':') return i;
    if (!spaces && /[A-Za-z0-9-]/.test(char)) continue;
    if (i > 0 && (char === ' ' || char === '\t')) {
      spaces = true;
      continue;
    }
    break;
  }
  return -1;
}

function sameTrailer(a: string, b: string): boolean {
  const split = (line: string) => {
    const at = separatorAt(line);
    return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim().toLowerCase()];
  };
  const [ka, va] = split(a);
  const [kb, vb] = split(b);
  return ka === kb && va === vb;
}

/** The raw objects of commits, in order, through one `git cat-file --batch`. */
async function readCommits(repo: GitRepository, ids: readonly string[]): Promise<Buffer[]> {
  const { stdout } = await runGit(['cat-file', '--batch'], { cwd: repo.gitDir, input: `${ids.join('\n')}\n` });
  const objects: Buffer[] = [];
  let at = 0;
  for (const id of ids) {
    const eol = stdout.indexOf(0x0a, at);
    const [name, type, size] = stdout.subarray(at, eol).toString('utf8').split(' ');
    if (name !== id || type !== 'commit') throw new Error(`git cat-file: ${id} is not a commit`);
    objects.push(stdout.subarray(eol + 1, eol + 1 + Number(size)));
    at = eol + 1 + Number(size) + 1;
  }
  return objects;
}

export interface ChangedPath {
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';
  /** Repository path after the change (the new name of a renamed file). */
  readonly path: string;
  readonly oldPath: string | undefined;
}

const STATUS: Record<string, ChangedPath['status']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/** What changed between two commits, renames found as `git diff -M` finds them. */
export async function changedPaths(repo: GitRepository, from: string, to: string): Promise<ChangedPath[]> {
  for (const id of [from, to]) if (!/^[0-9a-f]{40,64}$/.test(id)) throw new ApplyInputError(`Révision invalide : ${id}`, `Invalid revision: ${id}`);
  const { stdout } = await runGit(['diff-tree', '-r', '-z', '-M', '--no-commit-id', '--name-status', from, to], { cwd: repo.gitDir });
  const fields = stdout.toString('utf8').split('\0');
  const changes: ChangedPath[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const code = (fields[i++] as string).charAt(0);
    const status = STATUS[code];
    if (code === 'R' || code === 'C') {
      const oldPath = fields[i++] as string;
      const path = fields[i++] as string;
      if (status) changes.push({ status, path, oldPath });
    } else {
      const path = fields[i++] as string;
      if (status) changes.push({ status, path, oldPath: undefined });
    }
  }
  return changes;
}

/** The first parent of a commit (undefined for a root commit). */
export async function firstParent(repo: GitRepository, commit: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new ApplyInputError(`Révision invalide : ${commit}`, `Invalid revision: ${commit}`);
  const result = await runGit(['rev-parse', '--verify', '--quiet', `${commit}^`], { cwd: repo.gitDir, okCodes: [1, 128] });
  const id = result.stdout.toString('utf8').trim();
  return result.code === 0 && id !== '' ? id : undefined;
}
