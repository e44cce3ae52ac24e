/**
 * Proposed changes in the database: kept in step with the series the archive's messages form, read
 * for lists and pages, moved between states with a trace of who did it. A change keeps its number
 * while its series grows (a late cover letter, a missing part arriving); when two changes turn out
 * to be one series, the younger number becomes an alias of the older.
 */
import type { SeriesGroup } from './series.js';
import type { Db } from '../store/db.js';
import { summariseSeries, type ProposedChange, type SeriesSummary } from './change-record.js';
import { OPEN_STATES, type ChangeState } from './states.js';

interface ChangeRow {
  id: number;
  series_id: string;
  state: ChangeState;
  title: string;
  sender_name: string;
  sender_address: string;
  version: number;
  total: number;
  complete: number;
  prefixes: string;
  sent_at: string | null;
  supersedes: number | null;
  superseded_by: number | null;
  series: string;
  created_at: string;
  updated_at: string;
}

export type EventVia = 'web' | 'mail' | 'cli' | 'automatic';

export interface ChangeEvent {
  readonly at: string;
  /** An address, or `feuillet` for what Feuillet does by itself. */
  readonly actor: string;
  readonly via: EventVia;
  readonly from: ChangeState | undefined;
  readonly to: ChangeState | undefined;
  readonly note: string;
  readonly messageId: string | undefined;
}

export interface ReconcileReport {
  /** Numbers of changes seen for the first time. */
  readonly created: readonly number[];
  /** Numbers of changes that a newer version superseded just now. */
  readonly superseded: readonly number[];
  /** Numbers merged into another change: alias → change. */
  readonly merged: ReadonlyMap<number, number>;
}

export const AUTOMATIC_ACTOR = 'feuillet';

/**
 * Brings the changes in step with `groups` (all the series the archive holds for this wiki): each
 * series keeps the change that holds most of its mails, new series get a number, and a series with a
 * newer version moves from an open state to `superseded`.
 */
export async function reconcileChanges(tx: Db, groups: readonly SeriesGroup[], now: string): Promise<ReconcileReport> {
  const membership = new Map<string, number>();
  for (const row of await tx.all<{ message_id: string; change_id: number }>('SELECT message_id, change_id FROM change_messages')) {
    membership.set(row.message_id, Number(row.change_id));
  }
  const existing = new Map<number, ChangeRow>();
  for (const row of await tx.all<ChangeRow>('SELECT * FROM changes')) existing.set(Number(row.id), { ...row, id: Number(row.id) });

  const claimed = new Map<number, SeriesGroup>();
  const numberOf = new Map<string, number>();
  const unassigned: SeriesGroup[] = [];
  for (const group of groups) {
    const counts = new Map<number, number>();
    for (const id of group.messageIds) {
      const change = membership.get(id);
      if (change !== undefined) counts.set(change, (counts.get(change) ?? 0) + 1);
    }
    const best = [...counts].filter(([change]) => !claimed.has(change)).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) {
      claimed.set(best[0], group);
      numberOf.set(group.id, best[0]);
    } else unassigned.push(group);
  }
  const created: number[] = [];
  for (const group of unassigned) {
    const row = await tx.get<{ id: number }>(
      `INSERT INTO changes (series_id, state, title, sender_name, sender_address, version, total, complete, prefixes, sent_at, series, created_at, updated_at)
       VALUES (?, 'proposed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [group.id, ...describe(group), now, now],
    );
    const number = Number(row?.id);
    numberOf.set(group.id, number);
    created.push(number);
    await recordEvent(tx, number, { at: now, actor: group.sender.address, via: 'mail', from: undefined, to: 'proposed', note: '', messageId: group.id });
  }
  for (const [number, group] of claimed) {
    const row = existing.get(number) as ChangeRow;
    const values = describe(group);
    const current = [row.title, row.sender_name, row.sender_address, Number(row.version), Number(row.total), Number(row.complete), row.prefixes, row.sent_at, row.series];
    if (row.series_id !== group.id || JSON.stringify(current) !== JSON.stringify(values)) {
      await tx.run(
        `UPDATE changes SET series_id = ?, title = ?, sender_name = ?, sender_address = ?, version = ?, total = ?, complete = ?, prefixes = ?, sent_at = ?, series = ?, updated_at = ? WHERE id = ?`,
        [group.id, ...values, now, number],
      );
    }
  }
  // Memberships: rewritten for the changes whose mails changed.
  for (const group of groups) {
    const number = numberOf.get(group.id) as number;
    const held = [...membership].filter(([, change]) => change === number).map(([id]) => id).sort();
    const own = [...group.messageIds].sort();
    if (JSON.stringify(held) === JSON.stringify(own)) continue;
    await tx.run('DELETE FROM change_messages WHERE change_id = ?', [number]);
    for (const id of own) {
      await tx.run('INSERT INTO change_messages (message_id, change_id) VALUES (?, ?) ON CONFLICT (message_id) DO UPDATE SET change_id = excluded.change_id', [id, number]);
    }
  }
  const merged = await mergeLeftovers(tx, existing, claimed, membership, numberOf, groups);

  const superseded: number[] = [];
  for (const group of groups) {
    const number = numberOf.get(group.id) as number;
    const supersedes = group.supersedes === undefined ? null : (numberOf.get(group.supersedes) ?? null);
    const supersededBy = group.supersededBy === undefined ? null : (numberOf.get(group.supersededBy) ?? null);
    const row = existing.get(number);
    if (!row || numberOrNull(row.supersedes) !== supersedes || numberOrNull(row.superseded_by) !== supersededBy) {
      await tx.run('UPDATE changes SET supersedes = ?, superseded_by = ? WHERE id = ?', [supersedes, supersededBy, number]);
    }
    const state = row?.state ?? 'proposed';
    if (supersededBy !== null && OPEN_STATES.includes(state)) {
      await tx.run('UPDATE changes SET state = ?, updated_at = ? WHERE id = ?', ['superseded', now, number]);
      await recordEvent(tx, number, { at: now, actor: AUTOMATIC_ACTOR, via: 'automatic', from: state, to: 'superseded', note: `#${supersededBy}`, messageId: undefined });
      superseded.push(number);
    }
  }
  return { created, superseded, merged };
}

/** The column values a series gives, in the order of the INSERT and UPDATE statements. */
function describe(group: SeriesGroup): [string, string, string, number, number, number, string, string | null, string] {
  const series: SeriesSummary = summariseSeries(group);
  return [
    group.title,
    group.sender.name,
    group.sender.address,
    group.version,
    group.total,
    group.kind === 'complete' ? 1 : 0,
    JSON.stringify(group.prefixes),
    group.date?.toISOString() ?? null,
    JSON.stringify(series),
  ];
}

/**
 * Changes no series claimed, whose mails now belong to other series: each becomes an alias of the
 * change that took most of its mails, its history moving there.
 */
async function mergeLeftovers(
  tx: Db,
  existing: ReadonlyMap<number, ChangeRow>,
  claimed: ReadonlyMap<number, SeriesGroup>,
  membership: ReadonlyMap<string, number>,
  numberOf: ReadonlyMap<string, number>,
  groups: readonly SeriesGroup[],
): Promise<Map<number, number>> {
  const groupOfMessage = new Map<string, SeriesGroup>();
  for (const group of groups) for (const id of group.messageIds) groupOfMessage.set(id, group);
  const merged = new Map<number, number>();
  for (const number of existing.keys()) {
    if (claimed.has(number)) continue;
    const counts = new Map<number, number>();
    for (const [id, change] of membership) {
      const group = change === number ? groupOfMessage.get(id) : undefined;
      const into = group && numberOf.get(group.id);
      if (into !== undefined) counts.set(into, (counts.get(into) ?? 0) + 1);
    }
    const into = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    if (into === undefined) continue;
    await tx.run('UPDATE change_events SET change_id = ? WHERE change_id = ?', [into, number]);
    await tx.run('UPDATE applied_patches SET change_id = ? WHERE change_id = ?', [into, number]);
    await tx.run('UPDATE change_aliases SET change_id = ? WHERE change_id = ?', [into, number]);
    await tx.run('INSERT INTO change_aliases (number, change_id) VALUES (?, ?)', [number, into]);
    await tx.run('DELETE FROM change_messages WHERE change_id = ?', [number]);
    await tx.run('DELETE FROM changes WHERE id = ?', [number]);
    merged.set(number, into);
  }
  return merged;
}

export async function recordEvent(tx: Db, number: number, event: ChangeEvent): Promise<void> {
  await tx.run('INSERT INTO change_events (change_id, at, actor, via, from_state, to_state, note, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    number,
    event.at,
    event.actor,
    event.via,
    event.from ?? null,
    event.to ?? null,
    event.note,
    event.messageId ?? null,
  ]);
}

export async function changeEvents(db: Db, number: number): Promise<ChangeEvent[]> {
  const rows = await db.all<{ at: string; actor: string; via: EventVia; from_state: ChangeState | null; to_state: ChangeState | null; note: string; message_id: string | null }>(
    'SELECT at, actor, via, from_state, to_state, note, message_id FROM change_events WHERE change_id = ? ORDER BY id',
    [number],
  );
  return rows.map((row) => ({ at: row.at, actor: row.actor, via: row.via, from: row.from_state ?? undefined, to: row.to_state ?? undefined, note: row.note, messageId: row.message_id ?? undefined }));
}

/** A change by number; a merged number leads to the change it became (`aliasOf` says so). */
export async function changeByNumber(db: Db, number: number): Promise<{ change: ProposedChange; aliasOf: number | undefined } | undefined> {
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  const row = await db.get<ChangeRow>('SELECT * FROM changes WHERE id = ?', [number]);
  if (row) return { change: toChange(row), aliasOf: undefined };
  const alias = await db.get<{ change_id: number }>('SELECT change_id FROM change_aliases WHERE number = ?', [number]);
  const target = alias && (await db.get<ChangeRow>('SELECT * FROM changes WHERE id = ?', [alias.change_id]));
  return target ? { change: toChange(target), aliasOf: number } : undefined;
}

/**
 * The change a mail answers: the first of `ids` (its In-Reply-To, then its References newest first)
 * that a change holds, walking up the archived thread through each parent's own In-Reply-To when a
 * client wrote short References.
 */
export async function changeOfThread(db: Db, ids: readonly string[]): Promise<number | undefined> {
  const queue = [...ids];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < 200) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const row = await db.get<{ change_id: number }>('SELECT change_id FROM change_messages WHERE message_id = ?', [id]);
    if (row) return Number(row.change_id);
    const parent = await db.get<{ in_reply_to: string | null }>('SELECT in_reply_to FROM list_messages WHERE message_id = ?', [id]);
    if (parent?.in_reply_to) queue.push(parent.in_reply_to);
  }
  return undefined;
}

export interface ChangeFilter {
  readonly state?: ChangeState | undefined;
  /** Part of the sender's name or address, case ignored. */
  readonly author?: string | undefined;
  /** One of the words of the `[PATCH …]` brackets. */
  readonly prefix?: string | undefined;
  readonly limit?: number;
  readonly offset?: number;
}

/** Changes, newest first, filtered. Author and prefix filters run here: the portable SQL has no `lower()` on keys. */
export async function listChanges(db: Db, filter: ChangeFilter = {}): Promise<{ changes: ProposedChange[]; total: number }> {
  const rows = filter.state
    ? await db.all<ChangeRow>('SELECT * FROM changes WHERE state = ? ORDER BY id DESC', [filter.state])
    : await db.all<ChangeRow>('SELECT * FROM changes ORDER BY id DESC');
  const author = filter.author?.trim().toLowerCase();
  const prefix = filter.prefix?.trim().toLowerCase();
  const matching = rows.map(toChange).filter(
    (change) =>
      (!author || `${change.sender.name} <${change.sender.address}>`.toLowerCase().includes(author)) &&
      (!prefix || change.prefixes.some((word) => word.toLowerCase() === prefix)),
  );
  const offset = filter.offset ?? 0;
  return { changes: matching.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit), total: matching.length };
}

/** Moves a change to `to`, unless it is no longer in state `from` (someone else moved it first). */
export async function moveChange(tx: Db, number: number, from: ChangeState, to: ChangeState, event: Omit<ChangeEvent, 'from' | 'to'>): Promise<boolean> {
  const moved = await tx.run('UPDATE changes SET state = ?, updated_at = ? WHERE id = ? AND state = ?', [to, event.at, number, from]);
  if (moved.changes === 0) return false;
  await recordEvent(tx, number, { ...event, from, to });
  return true;
}

export interface AppliedPatch {
  readonly messageId: string;
  readonly commit: string;
  readonly appliedAt: string;
  readonly appliedBy: string;
}

export async function appliedPatches(db: Db, number: number): Promise<AppliedPatch[]> {
  const rows = await db.all<{ message_id: string; commit_id: string; applied_at: string; applied_by: string }>(
    'SELECT message_id, commit_id, applied_at, applied_by FROM applied_patches WHERE change_id = ? ORDER BY applied_at, commit_id',
    [number],
  );
  return rows.map((row) => ({ messageId: row.message_id, commit: row.commit_id, appliedAt: row.applied_at, appliedBy: row.applied_by }));
}

export async function recordAppliedPatch(tx: Db, number: number, patch: AppliedPatch): Promise<void> {
  await tx.run(
    'INSERT INTO applied_patches (change_id, message_id, commit_id, applied_at, applied_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (change_id, message_id) DO UPDATE SET commit_id = excluded.commit_id, applied_at = excluded.applied_at, applied_by = excluded.applied_by',
    [number, patch.messageId, patch.commit, patch.appliedAt, patch.appliedBy],
  );
}

function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}

function toChange(row: ChangeRow): ProposedChange {
  return {
    number: Number(row.id),
    seriesId: row.series_id,
    state: row.state,
    title: row.title,
    sender: { name: row.sender_name, address: row.sender_address },
    version: Number(row.version),
    total: Number(row.total),
    complete: Number(row.complete) === 1,
    prefixes: JSON.parse(row.prefixes) as string[],
    sentAt: row.sent_at ?? undefined,
    supersedes: row.supersedes === null ? undefined : Number(row.supersedes),
    supersededBy: row.superseded_by === null ? undefined : Number(row.superseded_by),
    series: JSON.parse(row.series) as SeriesSummary,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
