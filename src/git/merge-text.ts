/**
 * Three-way merge of one text, as git merges a file: `git merge-file -p` on the common ancestor and the
 * two versions, with conflict markers named by `labels` where both changed the same lines.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './run.js';

export type TextMerge = { readonly kind: 'clean'; readonly text: Buffer } | { readonly kind: 'conflict'; readonly text: Buffer; readonly conflicts: number };

export interface MergeLabels {
  readonly ours: string;
  readonly base: string;
  readonly theirs: string;
}

export async function mergeTexts(base: Buffer, ours: Buffer, theirs: Buffer, labels: MergeLabels): Promise<TextMerge> {
  // git merge-file reads files only (blob ids came with git 2.43): three files in a scratch folder.
  const scratch = await mkdtemp(join(tmpdir(), 'feuillet-merge-'));
  try {
    const files = { ours: join(scratch, 'ours'), base: join(scratch, 'base'), theirs: join(scratch, 'theirs') };
    await Promise.all([writeFile(files.ours, ours), writeFile(files.base, base), writeFile(files.theirs, theirs)]);
    const conflictCodes = Array.from({ length: 127 }, (_, i) => i + 1);
    const args = ['merge-file', '-p', '-L', oneLine(labels.ours), '-L', oneLine(labels.base), '-L', oneLine(labels.theirs), files.ours, files.base, files.theirs];
    const result = await runGit(args, { cwd: scratch, okCodes: conflictCodes });
    // The exit code is the number of conflicts (git caps it at 127).
    return result.code === 0 ? { kind: 'clean', text: result.stdout } : { kind: 'conflict', text: result.stdout, conflicts: result.code };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function oneLine(label: string): string {
  return label.replace(/[\r\n]+/g, ' ').slice(0, 200) || '-';
}
