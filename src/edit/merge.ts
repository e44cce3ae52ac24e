/**
 * What a save does, decided from the facts alone (no git here): the user's text against the version
 * they started from (base) and the version on the branch now (current). Unchanged since the base: the
 * text is written as is. Changed meanwhile: a three-way merge decides; its result is written when clean,
 * and nothing is written when the same lines changed on both sides. A page removed meanwhile is never
 * brought back silently.
 */
import type { TextMerge } from '../git/index.js';

export interface SaveFacts {
  /** Blob of the page in the commit the editor started from (undefined: the page did not exist). */
  readonly baseBlob: string | undefined;
  /** Blob of the page on the branch now (undefined: it does not exist any more). */
  readonly currentBlob: string | undefined;
}

export type SavePlan =
  | { readonly kind: 'write-mine' }
  | { readonly kind: 'merge' }
  | { readonly kind: 'removed-meanwhile' };

export function planSave(facts: SaveFacts): SavePlan {
  if (facts.currentBlob === facts.baseBlob) return { kind: 'write-mine' };
  if (facts.currentBlob === undefined) return { kind: 'removed-meanwhile' };
  return { kind: 'merge' };
}

export type MergedSave = { readonly kind: 'write'; readonly content: Buffer; readonly merged: boolean } | { readonly kind: 'conflict'; readonly markers: Buffer; readonly conflicts: number };

/** After the merge: its clean result is written; conflicts write nothing. */
export function afterMerge(merge: TextMerge): MergedSave {
  return merge.kind === 'clean' ? { kind: 'write', content: merge.text, merged: true } : { kind: 'conflict', markers: merge.text, conflicts: merge.conflicts };
}
