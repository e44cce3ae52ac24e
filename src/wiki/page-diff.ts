import { diffArrays, diffWordsWithSpace, structuredPatch } from 'diff';

/** Part of a changed passage: words kept, taken out or put in. */
export interface WordChange {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

export type DiffBlock =
  | { kind: 'context'; oldLine: number; newLine: number; lines: string[] }
  /** Consecutive lines taken out and put in, with the words that changed inside them. */
  | { kind: 'change'; oldLine: number; newLine: number; removed: string[]; added: string[]; words: WordChange[] };

export interface DiffHunk {
  oldStart: number;
  newStart: number;
  blocks: DiffBlock[];
}

export type SourceDiff =
  | { kind: 'text'; hunks: DiffHunk[]; linesAdded: number; linesRemoved: number }
  /** Too large or too different to compare within the time a page may take. */
  | { kind: 'too-large' };

const CONTEXT_LINES = 3;
const MAX_BYTES = 2 * 1024 * 1024;
// Myers' diff is O(N·D): a bound on the edit length keeps a hostile pair of files from taking minutes.
const MAX_EDIT_LENGTH = 20_000;

/**
 * The difference between two versions of a page's source: hunks of context and changes, each change
 * with a word diff so that a word changed inside a long paragraph line shows as that word.
 */
export function sourceDiff(before: string, after: string): SourceDiff {
  if (before.length + after.length > MAX_BYTES) return { kind: 'too-large' };
  const patch = structuredPatch('a', 'b', before, after, undefined, undefined, { context: CONTEXT_LINES, maxEditLength: MAX_EDIT_LENGTH });
  if (!patch) return { kind: 'too-large' };
  let linesAdded = 0;
  let linesRemoved = 0;
  const hunks = patch.hunks.map((hunk): DiffHunk => {
    const blocks: DiffBlock[] = [];
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const raw of hunk.lines) {
      const sign = raw.charAt(0);
      const text = raw.slice(1);
      if (sign === '\\') continue; // "\ No newline at end of file"
      let last = blocks.at(-1);
      if (sign === ' ') {
        if (last?.kind !== 'context') blocks.push((last = { kind: 'context', oldLine, newLine, lines: [] }));
        last.lines.push(text);
        oldLine++;
        newLine++;
        continue;
      }
      if (last?.kind !== 'change' || (sign === '-' && last.added.length > 0)) {
        blocks.push((last = { kind: 'change', oldLine, newLine, removed: [], added: [], words: [] }));
      }
      if (sign === '-') {
        last.removed.push(text);
        oldLine++;
        linesRemoved++;
      } else {
        last.added.push(text);
        newLine++;
        linesAdded++;
      }
    }
    for (const block of blocks) if (block.kind === 'change') block.words = wordChanges(block.removed.join('\n'), block.added.join('\n'));
    return { oldStart: hunk.oldStart, newStart: hunk.newStart, blocks };
  });
  return { kind: 'text', hunks, linesAdded, linesRemoved };
}

/** The words that differ between two passages, neighbouring parts of the same kind merged. */
export function wordChanges(before: string, after: string): WordChange[] {
  if (before === '') return after === '' ? [] : [{ kind: 'added', text: after }];
  if (after === '') return [{ kind: 'removed', text: before }];
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [{ kind: 'removed', text: before }, { kind: 'added', text: after }];
  const parts: WordChange[] = [];
  for (const change of changes) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

export type RenderedBlock = { kind: 'same' | 'removed' | 'added'; html: string };

/**
 * The difference between two renderings of a page, block by block (paragraphs, headings, lists, tables…):
 * blocks are compared whole, so what a reader sees changed is shown as it reads, before and after.
 */
export function renderedDiff(beforeBlocks: readonly string[], afterBlocks: readonly string[]): RenderedBlock[] {
  const changes = diffArrays([...beforeBlocks], [...afterBlocks]);
  return changes.flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return change.value.map((html) => ({ kind, html }));
  });
}
