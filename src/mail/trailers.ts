/**
 * Commit trailers (`Signed-off-by:`, `Reviewed-by:`, `Acked-by:`, `Tested-by:`, `Link:` …): the ones a
 * patch carries above its `---`, and the ones reviewers send later in replies, accepted by b4's rules.
 * Hand-written: git's own trailer parser is `git interpret-trailers`, a process per message, and the
 * reply rules are b4's, which no library implements.
 */
import type { Bilingual } from '../user-error.js';

export interface Person {
  readonly name: string;
  readonly address: string;
}

export interface Trailer {
  /** The key with the usual spelling for the well-known ones (`signed-off-by` → `Signed-off-by`). */
  readonly key: string;
  readonly value: string;
  /** For `…-by` trailers and `Cc`: the person named, when the value holds an address. */
  readonly person: Person | undefined;
}

export type RefusedTrailerCode = 'control-characters' | 'no-address' | 'not-from-sender';

export interface RefusedTrailer extends Bilingual {
  readonly line: string;
  readonly code: RefusedTrailerCode;
}

export interface ReplyTrailers {
  readonly accepted: readonly Trailer[];
  readonly refused: readonly RefusedTrailer[];
}

const KNOWN_KEYS = [
  'Signed-off-by',
  'Reviewed-by',
  'Acked-by',
  'Tested-by',
  'Reported-by',
  'Suggested-by',
  'Co-developed-by',
  'Cc',
  'Link',
  'Fixes',
  'Closes',
  'Message-ID',
  'Change-Id',
];
const CANONICAL = new Map(KNOWN_KEYS.map((key) => [key.toLowerCase(), key]));

/** Trailers that name no person and that b4 accepts from replies. */
const LINK_KEYS = new Set(['link', 'fixes', 'closes', 'buglink']);

// No lazy quantifier before a trailing `\s*`: on a long line of spaces that would take quadratic time.
const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]{0,63})[ \t]*:[ \t]+(\S.*)$/;
const CONTINUATION_LINE = /^[ \t]+\S/;
// `Name <address>` with an optional comment after it (`# pour la doc`, `[relecture]`), or a bare address.
const NAMED_ADDRESS = /^([^<]*)<([^<>\s@]+@[^<>\s@]+)>(?:\s.*)?$/;
const BARE_ADDRESS = /^([^<>\s@"]+@[^<>\s@"]+?)(?:\s.*)?$/;
// C0 and C1 controls except tab, and format characters (bidirectional overrides, zero-width), as b4 refuses.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\p{Cf}]/u;

export function parseTrailerLine(line: string): Trailer | undefined {
  const match = TRAILER_LINE.exec(line);
  if (!match) return undefined;
  const written = match[1] as string;
  const key = CANONICAL.get(written.toLowerCase()) ?? written;
  const value = (match[2] as string).trimEnd();
  return { key, value, person: isPersonKey(key) ? personIn(value) : undefined };
}

/**
 * Splits a commit message (the lines above `---`) into its text and its trailers: the last paragraph,
 * when every line of it is `Key: value` or the continuation of one.
 */
export function splitTrailers(lines: readonly string[]): { text: string[]; trailers: Trailer[] } {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] as string).trim() === '') end--;
  let start = end;
  while (start > 0 && (lines[start - 1] as string).trim() !== '') start--;
  const paragraph = lines.slice(start, end);
  const trailers: Trailer[] = [];
  for (const line of paragraph) {
    const trailer = parseTrailerLine(line);
    const last = trailers[trailers.length - 1];
    if (trailer) trailers.push(trailer);
    else if (last && CONTINUATION_LINE.test(line)) {
      const value = `${last.value} ${line.trim()}`;
      trailers[trailers.length - 1] = { ...last, value, person: isPersonKey(last.key) ? personIn(value) : undefined };
    } else return { text: lines.slice(0, end), trailers: [] };
  }
  let textEnd = start;
  while (textEnd > 0 && (lines[textEnd - 1] as string).trim() === '') textEnd--;
  return { text: lines.slice(0, textEnd), trailers };
}

/**
 * Trailers a reviewer sends in a reply, accepted as b4 accepts them: person trailers (`…-by`) only with
 * an address, and only the sender's own (a relayed `Tested-by` of someone else is refused, as are
 * trailers in CI bots' quoted output); link trailers (`Link`, `Fixes`, `Closes`); nothing quoted (`>`)
 * and nothing under the signature line `-- `; no line holding control characters.
 */
export function trailersFromReply(body: string, fromAddress: string): ReplyTrailers {
  const accepted: Trailer[] = [];
  const refused: RefusedTrailer[] = [];
  const sender = fromAddress.trim().toLowerCase();
  for (const rawLine of body.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (/^-- ?$/.test(line)) break;
    if (line.startsWith('>')) continue;
    const trailer = parseTrailerLine(line);
    if (!trailer) continue;
    const personKey = isPersonKey(trailer.key) && trailer.key !== 'Cc';
    if (!personKey && !LINK_KEYS.has(trailer.key.toLowerCase())) continue;
    if (CONTROL.test(line)) refused.push(refusal(line, 'control-characters'));
    else if (personKey && !trailer.person) refused.push(refusal(line, 'no-address'));
    else if (personKey && trailer.person?.address.toLowerCase() !== sender) refused.push(refusal(line, 'not-from-sender'));
    else if (!accepted.some((seen) => seen.key === trailer.key && seen.value === trailer.value)) accepted.push(trailer);
  }
  return { accepted, refused };
}

function isPersonKey(key: string): boolean {
  return /-by$/i.test(key) || key === 'Cc';
}

function personIn(value: string): Person | undefined {
  const named = NAMED_ADDRESS.exec(value);
  if (named) return { name: (named[1] as string).trim().replace(/^"(.*)"$/, '$1').trim(), address: named[2] as string };
  const bare = BARE_ADDRESS.exec(value);
  return bare ? { name: '', address: bare[1] as string } : undefined;
}

const REFUSALS: Record<RefusedTrailerCode, { fr: string; en: string }> = {
  'control-characters': {
    fr: 'Trailer ignoré : il contient des caractères de contrôle.',
    en: 'Trailer ignored: it holds control characters.',
  },
  'no-address': {
    fr: 'Trailer ignoré : il ne donne pas d’adresse électronique.',
    en: 'Trailer ignored: it gives no email address.',
  },
  'not-from-sender': {
    fr: 'Trailer ignoré : il nomme une autre personne que l’expéditeur du message.',
    en: 'Trailer ignored: it names someone other than the sender of the message.',
  },
};

function refusal(line: string, code: RefusedTrailerCode): RefusedTrailer {
  return { line, code, ...REFUSALS[code] };
}
