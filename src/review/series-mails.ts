/**
 * The mails of a change's patches, chosen and checked: what `git am` receives when a maintainer applies
 * it, what the preview applies, what the mbox download holds.
 */
import { mboxrd } from '../mail/mbox.js';
import { unsafePaths, type UnsafePath } from './patch-safety.js';
import { parsedMessages, rawMessages } from './archive.js';
import type { PatchSummary, ProposedChange } from './change-record.js';
import type { ReviewDesk } from './desk.js';

export type PatchSelection =
  | {
      readonly kind: 'selected';
      readonly patches: readonly PatchSummary[];
      readonly raws: readonly Buffer[];
      /** Every repository path the patches name, old names included. */
      readonly paths: readonly string[];
    }
  | { readonly kind: 'refused'; readonly fr: string; readonly en: string; readonly unsafe?: readonly UnsafePath[] };

/**
 * The patches numbered `indices` (all of them by default), in series order, with their mails. Refused
 * when one is missing (an incomplete series), unknown, or unsafe.
 */
export async function selectPatches(desk: ReviewDesk, change: ProposedChange, indices?: readonly number[]): Promise<PatchSelection> {
  const wanted = indices === undefined ? Array.from({ length: change.total }, (_, i) => i + 1) : [...new Set(indices)].sort((a, b) => a - b);
  if (wanted.length === 0) return refused('Aucun correctif choisi.', 'No patch chosen.');
  const byIndex = new Map(change.series.patches.map((patch) => [patch.index, patch]));
  const absent = wanted.filter((index) => !byIndex.has(index));
  if (absent.length > 0) {
    const list = absent.join(', ');
    return absent.some((index) => index < 1 || index > change.total)
      ? refused(`La série n’a pas de correctif ${list} (elle en compte ${change.total}).`, `The series has no patch ${list} (it has ${change.total}).`)
      : refused(`Correctif(s) ${list} absent(s), jamais reçu(s) ou refusé(s) : la série est incomplète.`, `Patch(es) ${list} missing, never received or refused: the series is incomplete.`);
  }
  const patches = wanted.map((index) => byIndex.get(index) as PatchSummary);
  const ids = patches.map((patch) => patch.messageId);
  const parsed = await parsedMessages(desk.db, ids);
  const unsafe = ids.flatMap((id) => {
    const patch = parsed.get(id)?.patch;
    return patch ? unsafePaths(patch) : [];
  });
  if (unsafe.length > 0) {
    return { kind: 'refused', fr: `La série touche des chemins interdits : ${unsafe.map((u) => u.fr).join(' ; ')}`, en: `The series touches forbidden paths: ${unsafe.map((u) => u.en).join('; ')}`, unsafe };
  }
  const raws = await rawMessages(desk.db, ids);
  if (raws.length !== ids.length) return refused('Un message de la série manque dans l’archive.', 'A message of the series is missing from the archive.');
  const paths = [...new Set(patches.flatMap((patch) => patch.files.flatMap((file) => (file.oldPath === undefined ? [file.path] : [file.oldPath, file.path]))))];
  return { kind: 'selected', patches, raws, paths };
}

/** The change's patches as an mbox, ready for `git am -3`. */
export async function changeMbox(desk: ReviewDesk, change: ProposedChange): Promise<Buffer> {
  const raws = await rawMessages(
    desk.db,
    change.series.patches.map((patch) => patch.messageId),
  );
  return mboxrd(raws);
}

function refused(fr: string, en: string): PatchSelection {
  return { kind: 'refused', fr, en };
}

/** A list of patch numbers as people write it, `1,3,5-7` → [1, 3, 5, 6, 7]; undefined when malformed. */
export function parsePatchList(written: string): number[] | undefined {
  const numbers: number[] = [];
  for (const part of written.split(',')) {
    const range = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(part);
    if (!range) return undefined;
    const [from, to] = [Number(range[1]), Number(range[2] ?? range[1])];
    if (to < from) return undefined;
    for (let n = from; n <= to; n++) numbers.push(n);
  }
  return numbers;
}
