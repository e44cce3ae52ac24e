/**
 * Patch series out of a list's messages: which patches belong together, which series are complete,
 * which newer version replaces which, and the discussion and review trailers under each. Pure: the
 * caller passes every message it holds (the archive, or the archive plus what just arrived) and gets
 * the whole picture back; `review/` turns it into proposed changes and states.
 *
 * The rules, from ../shared/reference/sourcehut-lists-patchwork-b4.md:
 * - a message is part of a series when its subject is a `[PATCH …]` naming this wiki's prefix, it is not
 *   a `Re:`, and it is a cover letter (0/N) or holds a patch; everything else is discussion;
 * - parts of one series share the sender, version and total, and are linked by the thread (one replies
 *   to the other, or both reply to the same message); unthreaded parts join when each was sent within
 *   a time window of another part (patchwork counts from the series' first mail, which splits series
 *   sent slowly); two parts with the same number never join;
 * - a newer version from the same sender supersedes the older one when it was sent into the older
 *   one's thread, or has the same title, or the same b4 `change-id`; both sides are linked;
 * - a newer version sent into the older one's thread with parts missing takes them from the older one
 *   (b4's partial reroll: `[PATCH v2 3/5]` in reply to v1 gives a complete v2).
 */
import { namesWiki, partPosition, type PatchSubject } from '../mail/subject.js';
import type { ParsedMessage } from '../mail/message.js';
import type { Patch } from '../mail/patch.js';
import { trailersFromReply, type Person, type RefusedTrailer, type Trailer } from '../mail/trailers.js';

export interface SeriesOptions {
  /** This wiki's subject prefix (`logiciels-libres`); patches naming another are discussion. */
  readonly prefix: string;
  /** How far apart two unthreaded parts of one series may be sent; 20 minutes, as patchwork. */
  readonly windowMinutes?: number;
}

export interface FollowUpTrailer {
  readonly trailer: Trailer;
  /** The reply that gave it. */
  readonly messageId: string;
}

export interface RefusedFollowUp extends RefusedTrailer {
  readonly messageId: string;
}

export interface SeriesPatch {
  /** 1 … total. */
  readonly index: number;
  readonly messageId: string;
  /** The commit title: an in-body `Subject:` or the mail's subject without its brackets. */
  readonly title: string;
  /** The commit author: an in-body `From:` or the sender. */
  readonly author: Person;
  readonly date: Date | undefined;
  readonly patch: Patch;
  /** The id of the older series this part was taken from (partial reroll); undefined for the series' own parts. */
  readonly inheritedFrom: string | undefined;
  /** Trailers sent later in replies to this patch or to the cover letter. */
  readonly followUpTrailers: readonly FollowUpTrailer[];
}

export interface CoverLetter {
  readonly messageId: string;
  readonly title: string;
  readonly text: string;
  readonly inheritedFrom: string | undefined;
}

interface SeriesCommon {
  /** The Message-ID of its cover letter, or of its first own patch. */
  readonly id: string;
  readonly title: string;
  /** Who sent the series (the `From` of its mails). */
  readonly sender: Person;
  readonly version: number;
  readonly total: number;
  readonly rfc: boolean;
  readonly prefixes: readonly string[];
  /** The earliest date of its own mails. */
  readonly date: Date | undefined;
  readonly coverLetter: CoverLetter | undefined;
  /** The mails sent for this version (cover letter and patches, not the inherited ones). */
  readonly messageIds: readonly string[];
  /** Replies under this series' own mails, oldest first. */
  readonly discussion: readonly string[];
  readonly refusedTrailers: readonly RefusedFollowUp[];
  /** The id of the older version this one replaces. */
  readonly supersedes: string | undefined;
  /** The id of the newer version that replaces this one. */
  readonly supersededBy: string | undefined;
}

/** Every patch 1 … total is there, in order. */
export interface CompleteSeries extends SeriesCommon {
  readonly kind: 'complete';
  readonly patches: readonly SeriesPatch[];
}

/** Some patches never arrived: shown as incomplete, never dropped. */
export interface IncompleteSeries extends SeriesCommon {
  readonly kind: 'incomplete';
  /** The patches that arrived, in order. */
  readonly patches: readonly SeriesPatch[];
  readonly missing: readonly [number, ...number[]];
}

export type SeriesGroup = CompleteSeries | IncompleteSeries;

const DEFAULT_WINDOW_MINUTES = 20;
const COVER_TITLE_PLACEHOLDER = '*** SUBJECT HERE ***';

/** A message taking part in a series, with the facts the grouping reads. */
interface Part {
  readonly message: ParsedMessage;
  readonly subject: PatchSubject;
  readonly index: number;
  readonly total: number;
  readonly bucket: string;
}

interface Draft {
  readonly id: string;
  readonly own: Part[];
  readonly sender: Person;
  /** The sender's address without case, and the title two versions would share: compared often. */
  readonly senderKey: string;
  readonly titleKey: string;
  readonly version: number;
  readonly total: number;
  readonly resend: boolean;
  readonly date: Date | undefined;
  readonly ownIds: Set<string>;
  /** Ids the own mails reply to or reference, outside the series. */
  readonly threadIds: Set<string>;
  readonly changeIds: Set<string>;
  patches: Map<number, MutablePatch>;
  cover: CoverLetter | undefined;
  supersedes: Draft | undefined;
  supersededBy: Draft | undefined;
  discussion: string[];
  refused: RefusedFollowUp[];
}

type MutablePatch = Omit<SeriesPatch, 'followUpTrailers'> & { followUpTrailers: FollowUpTrailer[] };

export function groupSeries(messages: readonly ParsedMessage[], options: SeriesOptions): SeriesGroup[] {
  const unique = uniqueById(messages);
  const parts = unique.flatMap((message) => asPart(message, options.prefix));
  const drafts = groupParts(parts, (options.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000).map(draftOf);
  linkVersions(drafts);
  attachDiscussion(drafts, unique);
  return drafts.sort((a, b) => compareDates(a.date, b.date) || a.id.localeCompare(b.id)).map(finish);
}

function uniqueById(messages: readonly ParsedMessage[]): ParsedMessage[] {
  const seen = new Map<string, ParsedMessage>();
  for (const message of messages) if (!seen.has(message.messageId)) seen.set(message.messageId, message);
  return [...seen.values()];
}

function asPart(message: ParsedMessage, prefix: string): Part[] {
  const subject = message.parsedSubject;
  if (subject.kind !== 'patch' || subject.reply || !namesWiki(subject, prefix)) return [];
  if (subject.part.kind !== 'cover-letter' && message.patch === undefined) return [];
  const { index, total } = partPosition(subject.part);
  const bucket = `${message.from.address.toLowerCase()}\u0000${subject.version}\u0000${total}`;
  return [{ message, subject, index, total, bucket }];
}

/** Union-find over parts; a union that would put two parts with the same number together is refused. */
function groupParts(parts: readonly Part[], windowMs: number): Part[][] {
  const parent = parts.map((_, i) => i);
  const indices = parts.map((part) => new Set([part.index]));
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const union = (a: number, b: number): boolean => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return true;
    if (parts[ra]?.bucket !== parts[rb]?.bucket) return false;
    const [ia, ib] = [indices[ra] as Set<number>, indices[rb] as Set<number>];
    for (const index of ib) if (ia.has(index)) return false;
    for (const index of ib) ia.add(index);
    parent[rb] = ra;
    return true;
  };
  const position = new Map(parts.map((part, i) => [part.message.messageId, i]));
  // The closest links first, so that a resent series replying into the first one keeps to itself.
  parts.forEach((part, i) => {
    const replied = part.message.inReplyTo === undefined ? undefined : position.get(part.message.inReplyTo);
    if (replied !== undefined) union(i, replied);
  });
  parts.forEach((part, i) => {
    for (const id of [...part.message.references].reverse()) {
      const referenced = position.get(id);
      if (referenced !== undefined) union(i, referenced);
    }
  });
  // Parts answering the same message: each joins the first sibling group it fits in (a resend whose
  // mails all answer the first cover letter makes a second group beside the first); only the latest
  // few groups are tried, so that thousands of patches answering one message stay cheap.
  const siblings = new Map<string, number[]>();
  parts.forEach((part, i) => {
    if (part.message.inReplyTo === undefined) return;
    const key = `${part.bucket}\u0000${part.message.inReplyTo}`;
    const groups = siblings.get(key) ?? [];
    if (!groups.slice(-NEAREST_LIMIT).some((other) => union(other, i))) pushTo(siblings, key, i);
  });
  // Unthreaded parts (no In-Reply-To, no References): by sender, version and total within the window.
  const byBucket = new Map<string, number[]>();
  parts.forEach((part, i) => {
    if (part.message.date !== undefined) pushTo(byBucket, part.bucket, i);
  });
  for (const list of byBucket.values()) list.sort((a, b) => timeOf(parts[a] as Part) - timeOf(parts[b] as Part));
  const unthreaded = parts
    .map((_, i) => i)
    .filter((i) => parts[i]?.message.inReplyTo === undefined && parts[i]?.message.references.length === 0 && parts[i]?.message.date !== undefined)
    .sort((a, b) => timeOf(parts[a] as Part) - timeOf(parts[b] as Part));
  for (const i of unthreaded) {
    const part = parts[i] as Part;
    const near = nearestInTime(byBucket.get(part.bucket) ?? [], (j) => timeOf(parts[j] as Part), timeOf(part), windowMs);
    const roots = [...new Set(near.map(find))].filter((root) => root !== find(i));
    for (const root of roots) if (union(root, i)) break;
  }
  const groups = new Map<number, Part[]>();
  parts.forEach((part, i) => pushTo(groups, find(i), part));
  return [...groups.values()].map((group) => group.sort((a, b) => a.index - b.index));
}

function draftOf(own: Part[]): Draft {
  const first = own[0] as Part;
  const coverPart = own.find((part) => part.index === 0);
  const patches = new Map<number, MutablePatch>();
  for (const part of own) {
    const patch = part.message.patch;
    if (part.index === 0 || patch === undefined) continue;
    patches.set(part.index, {
      index: part.index,
      messageId: part.message.messageId,
      title: patch.inBodySubject ?? part.subject.title,
      author: patch.inBodyFrom ?? part.message.from,
      date: part.message.date,
      patch,
      inheritedFrom: undefined,
      followUpTrailers: [],
    });
  }
  const ownIds = new Set(own.map((part) => part.message.messageId));
  const threadIds = new Set(
    own.flatMap((part) => [part.message.inReplyTo, ...part.message.references]).filter((id): id is string => id !== undefined && !ownIds.has(id)),
  );
  const dates = own.flatMap((part) => (part.message.date ? [part.message.date.getTime()] : []));
  const cover = coverPart && {
    messageId: coverPart.message.messageId,
    title: coverPart.subject.title,
    text: coverPart.message.text.replace(/^\*\*\* BLURB HERE \*\*\*\n?/m, ''),
    inheritedFrom: undefined,
  };
  return {
    id: (coverPart ?? own.find((part) => part.index > 0) ?? first).message.messageId,
    own,
    sender: first.message.from,
    senderKey: first.message.from.address.toLowerCase(),
    titleKey: titleKey(cover, patches),
    version: first.subject.version,
    total: first.total,
    resend: own.some((part) => part.subject.resend),
    date: dates.length > 0 ? new Date(Math.min(...dates)) : undefined,
    ownIds,
    threadIds,
    changeIds: new Set(own.flatMap((part) => (part.message.patch?.changeId ? [part.message.patch.changeId] : []))),
    patches,
    cover,
    supersedes: undefined,
    supersededBy: undefined,
    discussion: [],
    refused: [],
  };
}

/** Links each series to the older version it replaces, and fills partial rerolls from it. */
function linkVersions(drafts: Draft[]): void {
  const bySender = new Map<string, Draft[]>();
  for (const draft of drafts) pushTo(bySender, draft.senderKey, draft);
  for (const sameSender of bySender.values()) linkVersionsOfOneSender(sameSender);
}

function linkVersionsOfOneSender(drafts: Draft[]): void {
  const ordered = [...drafts].sort((a, b) => a.version - b.version || compareDates(a.date, b.date));
  for (const newer of ordered) {
    const older = ordered
      .filter((draft) => draft !== newer && draft.supersededBy === undefined && isOlderVersionOf(draft, newer))
      .sort((a, b) => b.version - a.version || compareDates(b.date, a.date))[0];
    if (!older) continue;
    newer.supersedes = older;
    older.supersededBy = newer;
    if (repliesInto(newer, older) && newer.total === older.total) fillFrom(newer, older);
  }
}

function isOlderVersionOf(older: Draft, newer: Draft): boolean {
  const newerVersion = older.version < newer.version || (older.version === newer.version && newer.resend && compareDates(older.date, newer.date) < 0);
  if (!newerVersion) return false;
  const sameTitle = older.titleKey !== '' && older.titleKey === newer.titleKey;
  const sameChange = [...newer.changeIds].some((id) => older.changeIds.has(id));
  return repliesInto(newer, older) || sameTitle || sameChange;
}

function repliesInto(newer: Draft, older: Draft): boolean {
  for (const id of newer.threadIds) if (older.ownIds.has(id)) return true;
  return false;
}

/** b4's partial reroll: the parts a newer version did not resend come from the older one. */
function fillFrom(newer: Draft, older: Draft): void {
  for (let index = 1; index <= newer.total; index++) {
    const inherited = older.patches.get(index);
    if (newer.patches.has(index) || !inherited) continue;
    newer.patches.set(index, { ...inherited, inheritedFrom: inherited.inheritedFrom ?? older.id, followUpTrailers: [] });
  }
  if (!newer.cover && older.cover) newer.cover = { ...older.cover, inheritedFrom: older.cover.inheritedFrom ?? older.id };
}

/**
 * Every other message goes to the series whose mail it answers (the nearest in its thread), and the
 * trailers it gives go to that patch, or to every patch when it answers the cover letter.
 */
function attachDiscussion(drafts: Draft[], messages: readonly ParsedMessage[]): void {
  const owners = new Map<string, Draft>();
  const placements = new Map<string, Array<{ draft: Draft; index: number }>>();
  for (const draft of drafts) {
    for (const id of draft.ownIds) owners.set(id, draft);
    // Trailers given to an older cover letter are not for the patches a newer version adds.
    if (draft.cover && draft.cover.inheritedFrom === undefined) pushTo(placements, draft.cover.messageId, { draft, index: 0 });
    for (const patch of draft.patches.values()) pushTo(placements, patch.messageId, { draft, index: patch.index });
  }
  const answered = new Map<string, string>();
  const rest = messages.filter((message) => !owners.has(message.messageId)).sort((a, b) => compareDates(a.date, b.date));
  for (const message of rest) {
    const chain = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string => id !== undefined);
    const target = chain.map((id) => (owners.has(id) ? id : answered.get(id))).find((id) => id !== undefined);
    if (target === undefined) continue;
    answered.set(message.messageId, target);
    (owners.get(target) as Draft).discussion.push(message.messageId);
    if (message.patch !== undefined) continue;
    const { accepted, refused } = trailersFromReply(message.text, message.from.address);
    for (const { draft, index } of placements.get(target) ?? []) {
      const patches = index === 0 ? [...draft.patches.values()] : [draft.patches.get(index)].filter((patch) => patch !== undefined);
      for (const patch of patches) for (const trailer of accepted) patch.followUpTrailers.push({ trailer, messageId: message.messageId });
      draft.refused.push(...refused.map((refusal) => ({ ...refusal, messageId: message.messageId })));
    }
  }
}

function finish(draft: Draft): SeriesGroup {
  const patches = [...draft.patches.values()].sort((a, b) => a.index - b.index);
  const missing = Array.from({ length: draft.total }, (_, i) => i + 1).filter((index) => !draft.patches.has(index));
  const firstPatch = patches[0];
  const coverTitle = draft.cover && draft.cover.title !== COVER_TITLE_PLACEHOLDER ? draft.cover.title : '';
  const common: SeriesCommon = {
    id: draft.id,
    title: coverTitle || firstPatch?.title || draft.cover?.title || '',
    sender: draft.sender,
    version: draft.version,
    total: draft.total,
    rfc: draft.own.some((part) => part.subject.rfc),
    prefixes: (draft.own[0] as Part).subject.prefixes,
    date: draft.date,
    coverLetter: draft.cover,
    messageIds: draft.own.map((part) => part.message.messageId),
    discussion: draft.discussion,
    refusedTrailers: draft.refused,
    supersedes: draft.supersedes?.id,
    supersededBy: draft.supersededBy?.id,
  };
  const [firstMissing, ...moreMissing] = missing;
  return firstMissing === undefined
    ? { ...common, kind: 'complete', patches }
    : { ...common, kind: 'incomplete', patches, missing: [firstMissing, ...moreMissing] };
}

/** The title two versions share: the cover letter's, else the first patch's, spacing and case ignored. */
function titleKey(cover: CoverLetter | undefined, patches: ReadonlyMap<number, MutablePatch>): string {
  const coverTitle = cover && cover.title !== COVER_TITLE_PLACEHOLDER ? cover.title : undefined;
  const first = [...patches.values()].sort((a, b) => a.index - b.index)[0]?.title;
  return (coverTitle ?? first ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** How many neighbouring groups a part tries to join (siblings, or nearby in time): enough for real series, bounded for hostile archives. */
const NEAREST_LIMIT = 64;

/** The entries of `sorted` (ascending by `timeOf`) nearest to `time`, within `windowMs`, closest first. */
function nearestInTime(sorted: readonly number[], timeOf: (entry: number) => number, time: number, windowMs: number): number[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (timeOf(sorted[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  const found: number[] = [];
  let left = low - 1;
  let right = low;
  while (found.length < NEAREST_LIMIT) {
    const leftGap = left >= 0 ? time - timeOf(sorted[left] as number) : Infinity;
    const rightGap = right < sorted.length ? timeOf(sorted[right] as number) - time : Infinity;
    if (Math.min(leftGap, rightGap) > windowMs) break;
    found.push(leftGap <= rightGap ? (sorted[left--] as number) : (sorted[right++] as number));
  }
  return found;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function timeOf(part: Part): number {
  return part.message.date?.getTime() ?? Number.NaN;
}

/** Dated before undated; undefined dates compare equal. */
function compareDates(a: Date | undefined, b: Date | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return a.getTime() - b.getTime();
}
