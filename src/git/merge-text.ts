/**
 * Three-way merge of one text, as git merges a file: `git merge-file -p` on the common ancestor and the
 * two versions, with conflict markers named by `labels` where both changed the same lines.
 */
import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporaryPrefix } from './leftovers.js';
import { runGit } from './run.js';

export type TextMerge = { readonly kind: 'clean'; readonly text: Buffer } | { readonly kind: 'conflict'; readonly text: Buffer; readonly conflicts: number };

export interface MergeLabels {
  readonly ours: string;
  readonly base: string;
  readonly theirs: string;
}

export async function mergeTexts(base: Buffer, ours: Buffer, theirs: Buffer, labels: MergeLabels): Promise<TextMerge> {
  // git merge-file reads files only (blob ids came with git 2.43): three private files, no folder (a
  // folder made and removed per merge costs more than the merge on a busy disk).
  const stem = join(tmpdir(), `${temporaryPrefix('feuillet-merge')}${randomBytes(12).toString('hex')}`);
  const files = { ours: `${stem}-ours`, base: `${stem}-base`, theirs: `${stem}-theirs` };
  try {
    const write = (path: string, content: Buffer) => writeFile(path, content, { flag: 'wx', mode: 0o600 });
    await Promise.all([write(files.ours, ours), write(files.base, base), write(files.theirs, theirs)]);
    const conflictCodes = Array.from({ length: 127 }, (_, i) => i + 1);
    const args = ['merge-file', '-p', '-L', oneLine(labels.ours), '-L', oneLine(labels.base), '-L', oneLine(labels.theirs), files.ours, files.base, files.theirs];
    const result = await runGit(args, { cwd: tmpdir(), okCodes: conflictCodes });
    // The exit code is the number of conflicts (git caps it at 127).
    return result.code === 0 ? { kind: 'clean', text: result.stdout } : { kind: 'conflict', text: result.stdout, conflicts: result.code };
  } finally {
    await Promise.all(Object.values(files).map((path) => unlink(path).catch(() => undefined)));
  }
}

function oneLine(label: string): string {
  return label.replace(/[\r\n]+/g, ' ').slice(0, 200) || '-';
}
