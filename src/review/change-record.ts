/**
 * A proposed change as the database keeps it: a numbered series version with its state, and a compact
 * description of its parts (titles, authors, files, trailers) so that lists and pages need no mail parse.
 */
import { pathsOf } from './patch-safety.js';
import type { FileChange } from '../mail/patch.js';
import type { SeriesGroup } from './series.js';
import type { Person } from '../mail/trailers.js';
import type { ChangeState } from './states.js';

export interface FileSummary {
  readonly kind: FileChange['kind'];
  /** The path after the change (the new name of a renamed file). */
  readonly path: string;
  /** The old name of a renamed or copied file. */
  readonly oldPath: string | undefined;
  readonly additions: number;
  readonly deletions: number;
  readonly binary: boolean;
}

export interface PatchSummary {
  readonly index: number;
  readonly messageId: string;
  readonly title: string;
  readonly author: Person;
  readonly date: string | undefined;
  /** The change this part was taken from, when a partial reroll did not resend it. */
  readonly inheritedFrom: string | undefined;
  readonly followUpTrailers: readonly { readonly key: string; readonly value: string; readonly messageId: string }[];
  readonly files: readonly FileSummary[];
}

export interface SeriesSummary {
  readonly complete: boolean;
  readonly missing: readonly number[];
  readonly rfc: boolean;
  readonly coverLetter: { readonly messageId: string; readonly title: string; readonly text: string; readonly inheritedFrom: string | undefined } | undefined;
  readonly patches: readonly PatchSummary[];
  /** The mails sent for this version (cover letter and patches). */
  readonly messageIds: readonly string[];
  /** Replies in its thread, oldest first. */
  readonly discussion: readonly string[];
  readonly refusedTrailers: readonly { readonly line: string; readonly messageId: string; readonly fr: string; readonly en: string }[];
}

export interface ProposedChange {
  /** The change's number, shown everywhere (`#12`, `feuillet show 12`). */
  readonly number: number;
  /** The Message-ID of the cover letter, or of the first patch. */
  readonly seriesId: string;
  readonly state: ChangeState;
  readonly title: string;
  readonly sender: Person;
  readonly version: number;
  readonly total: number;
  readonly complete: boolean;
  readonly prefixes: readonly string[];
  readonly sentAt: string | undefined;
  readonly supersedes: number | undefined;
  readonly supersededBy: number | undefined;
  readonly series: SeriesSummary;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function summariseSeries(group: SeriesGroup): SeriesSummary {
  return {
    complete: group.kind === 'complete',
    missing: group.kind === 'incomplete' ? [...group.missing] : [],
    rfc: group.rfc,
    coverLetter: group.coverLetter && { ...group.coverLetter },
    patches: group.patches.map((patch) => ({
      index: patch.index,
      messageId: patch.messageId,
      title: patch.title,
      author: { name: patch.author.name, address: patch.author.address },
      date: patch.date?.toISOString(),
      inheritedFrom: patch.inheritedFrom,
      followUpTrailers: patch.followUpTrailers.map(({ trailer, messageId }) => ({ key: trailer.key, value: trailer.value, messageId })),
      files: patch.patch.files.map(fileSummary),
    })),
    messageIds: [...group.messageIds],
    discussion: [...group.discussion],
    refusedTrailers: group.refusedTrailers.map(({ line, messageId, fr, en }) => ({ line, messageId, fr, en })),
  };
}

function fileSummary(file: FileChange): FileSummary {
  const [first, second] = pathsOf(file);
  return {
    kind: file.kind,
    path: second ?? first ?? '',
    oldPath: second === undefined ? undefined : first,
    additions: file.additions,
    deletions: file.deletions,
    binary: file.binary,
  };
}

/** Lines added and removed over the whole series. */
export function seriesStat(series: SeriesSummary): { files: number; additions: number; deletions: number } {
  const files = new Set<string>();
  let additions = 0;
  let deletions = 0;
  for (const patch of series.patches) {
    for (const file of patch.files) {
      files.add(file.path);
      additions += file.additions;
      deletions += file.deletions;
    }
  }
  return { files: files.size, additions, deletions };
}
