/**
 * Rate limits kept in the database, so that every process serving the wiki shares them and a restart
 * forgets nothing. An attempt is *reserved* before the slow work (checking a password) and forgotten
 * when it succeeds: counting only after the work would let a burst of parallel attempts all pass the
 * check before any was counted.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Db } from '../store/db.js';

export interface Limit {
  /** Attempts allowed within the window. */
  readonly max: number;
  readonly windowMs: number;
  /**
   * Past `max`, slow down instead of closing: the next attempt waits `firstDelayMs` after the latest,
   * doubled for each attempt beyond `max`, at most `maxDelayMs`. Without it, attempts stop until the
   * oldest of the last `max` leaves the window (right for mail sent, wrong for sign-in: a hard lock
   * lets a stranger shut the owner out).
   */
  readonly backoff?: { readonly firstDelayMs: number; readonly maxDelayMs: number };
}

export interface LimitCheck {
  /** What is limited, e.g. `sign-in:account`. */
  readonly bucket: string;
  /** Who is limited in that bucket (an address, an account); stored hashed, never in clear. */
  readonly subject: string;
  readonly limit: Limit;
}

export type Reservation = { readonly ok: true; readonly hitIds: readonly number[] } | { readonly ok: false; readonly retryAfterSeconds: number };

/** Hits older than this are deleted; no window may be longer. */
const KEEP_MS = 24 * 60 * 60 * 1000;
/** Beyond this many doublings the delay is at its maximum anyway; fewer rows to read. */
const MAX_DOUBLINGS = 32;

function subjectKey(subject: string): string {
  return createHash('sha256').update(subject).digest('hex');
}

/**
 * Counts one attempt against every check, unless one of them is already at its limit (then nothing is
 * counted and the answer says how long to wait).
 */
export async function reserveAttempt(db: Db, checks: readonly LimitCheck[], now: Date): Promise<Reservation> {
  for (const { limit } of checks) {
    const { backoff } = limit;
    const sane = limit.max >= 1 && limit.windowMs > 0 && limit.windowMs <= KEEP_MS && (!backoff || (backoff.firstDelayMs > 0 && backoff.maxDelayMs >= backoff.firstDelayMs));
    if (!sane) throw new RangeError(`Bad limit ${JSON.stringify(limit)}`);
  }
  return db.transaction(async (tx) => {
    await tx.run('DELETE FROM rate_limit_hits WHERE at < ?', [new Date(now.getTime() - KEEP_MS).toISOString()]);
    let retryAfterMs = 0;
    for (const check of checks) {
      const since = new Date(now.getTime() - check.limit.windowMs).toISOString();
      const { max, backoff } = check.limit;
      const hits = await tx.all<{ at: string }>(
        'SELECT at FROM rate_limit_hits WHERE bucket = ? AND subject = ? AND at > ? ORDER BY at DESC LIMIT ?',
        [check.bucket, subjectKey(check.subject), since, backoff ? max + MAX_DOUBLINGS : max],
      );
      if (hits.length >= max) retryAfterMs = Math.max(retryAfterMs, waitAfter(hits, check.limit, now));
    }
    if (retryAfterMs > 0) return { ok: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
    const hitIds: number[] = [];
    for (const check of checks) {
      const row = await tx.get<{ id: number }>('INSERT INTO rate_limit_hits (bucket, subject, at) VALUES (?, ?, ?) RETURNING id', [
        check.bucket,
        subjectKey(check.subject),
        now.toISOString(),
      ]);
      hitIds.push(row!.id);
    }
    return { ok: true, hitIds };
  });
}

/** How long until the next attempt, given the hits in the window (newest first, at least `max`). */
function waitAfter(hits: readonly { at: string }[], limit: Limit, now: Date): number {
  if (limit.backoff) {
    const latest = new Date(hits[0]!.at).getTime();
    const delay = Math.min(limit.backoff.maxDelayMs, limit.backoff.firstDelayMs * 2 ** (hits.length - limit.max));
    return latest + delay - now.getTime();
  }
  // The attempt becomes possible again when the oldest of the last `max` hits leaves the window.
  const oldest = new Date(hits[hits.length - 1]!.at).getTime();
  return oldest + limit.windowMs - now.getTime();
}

/** Takes back reserved attempts (the attempt succeeded and should not count). */
export async function forgetAttempts(db: Db, hitIds: readonly number[]): Promise<void> {
  for (const id of hitIds) await db.run('DELETE FROM rate_limit_hits WHERE id = ?', [id]);
}

/** Forgets every attempt of a subject in a bucket (e.g. an account's failures after it signs in). */
export async function clearAttempts(db: Db, bucket: string, subject: string): Promise<void> {
  await db.run('DELETE FROM rate_limit_hits WHERE bucket = ? AND subject = ?', [bucket, subjectKey(subject)]);
}

/**
 * The subject for limits per network address: an IPv4 address as is, an IPv6 address reduced to its
 * /64 network (one subscriber usually holds a whole /64 and could otherwise change address at will),
 * an IPv4-mapped IPv6 address as the IPv4 address.
 */
export function addressSubject(ip: string | null | undefined): string {
  const text = (ip ?? '').trim().replace(/%.*$/, '');
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return text === '' ? 'unknown' : 'invalid';
  const groups = ipv6Groups(text);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high, low] = [groups[6]!, groups[7]!];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of an address that `isIPv6` accepted. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((group) => parseInt(group, 16));
}
