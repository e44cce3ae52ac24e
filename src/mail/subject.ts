/**
 * The subject line of a list message, understood the way git format-patch writes it and the way people
 * mistype it: `[PATCH logiciels-libres v2 3/5] Titre`, `[RFC PATCH …]`, `[PATCHv3]`, `[patch 3 of 5]`,
 * `Re: [PATCH 0/4] …`, nested brackets. Pure; written by hand because the rules are b4's and
 * patchwork's (no library parses them), see ../shared/reference/sourcehut-lists-patchwork-b4.md.
 */

/** Where a message sits in its series, as its subject says. */
export type SubjectPart =
  /** `[PATCH] …`: a patch on its own (one of one). */
  | { readonly kind: 'single' }
  /** `[PATCH 0/4] …`: the cover letter of a series of `total` patches. */
  | { readonly kind: 'cover-letter'; readonly total: number }
  /** `[PATCH 3/5] …`: patch `index` (1 ≤ index ≤ total) of `total`. */
  | { readonly kind: 'numbered'; readonly index: number; readonly total: number };

export interface PatchSubject {
  readonly kind: 'patch';
  /** The subject started with `Re:` (or `RE:`, `Aw:`, `Sv:`, `Antw:`, `Réf :`): a reply, not the patch itself. */
  readonly reply: boolean;
  readonly rfc: boolean;
  readonly resend: boolean;
  /** The other words of the `[PATCH …]` brackets, such as the wiki's name: `['logiciels-libres']`. */
  readonly prefixes: readonly string[];
  /** Words of other leading brackets (a list's own tag such as `[liste]`); they do not route patches. */
  readonly tags: readonly string[];
  /** `v2`, `PATCHv3`, `(v2)`; 1 when the subject gives none. */
  readonly version: number;
  readonly part: SubjectPart;
  /** What remains after the brackets: the commit's title, or the cover letter's. */
  readonly title: string;
}

/** A subject with no `PATCH` word in its leading brackets: a discussion message. */
export interface DiscussionSubject {
  readonly kind: 'not-a-patch';
  readonly reply: boolean;
  /** The subject without its reply markers. */
  readonly title: string;
}

export type MailSubject = PatchSubject | DiscussionSubject;

/** Counters and versions beyond this are typing accidents or attacks, not series. */
const MAX_NUMBER = 9999;

// `Re:`, French Outlook's `RE :` and `Réf :`, German `Aw:`, Nordic `Sv:`, Dutch `Antw:`, with an optional
// count (`Re[2]:`, `Re(2):`).
const REPLY_MARKER = /(?:re|aw|sv|antw|réf)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/iuy;
const VERSION = /^v(\d{1,4})$/i;
const COUNTER = /^(\d{1,4})\/(\d{1,4})$/;
const NUMBER = /^\d{1,4}$/;
const VERSION_IN_TITLE = /\s*\(v(\d{1,4})\)/i;

export function parseSubject(subject: string): MailSubject {
  const text = subject.replace(/\s+/g, ' ').trim();
  // Walks with an index rather than slicing, so that a subject of many thousand brackets stays linear.
  let at = 0;
  let reply = false;
  const groups: string[] = [];
  for (;;) {
    REPLY_MARKER.lastIndex = at;
    const marker = REPLY_MARKER.exec(text);
    if (marker) {
      reply = true;
      at += marker[0].length;
      continue;
    }
    const group = text[at] === '[' ? readBracketGroup(text, at) : undefined;
    if (!group) break;
    groups.push(group.content);
    at = group.end;
    while (text[at] === ' ') at++;
  }
  const words = groups.map(groupWords);
  if (!words.some((group) => group.some((word) => word.toLowerCase() === 'patch'))) {
    return { kind: 'not-a-patch', reply, title: withoutReplyMarkers(text) };
  }
  return patchSubject(words, text.slice(at), reply);
}

/** Whether the patch names this wiki: one of its `[PATCH …]` words is the configured prefix (case ignored). */
export function namesWiki(subject: PatchSubject, prefix: string): boolean {
  const wanted = prefix.trim().toLowerCase();
  return wanted !== '' && subject.prefixes.some((word) => word.toLowerCase() === wanted);
}

/** The position as numbers: a single patch is 1 of 1, a cover letter is 0 of N. */
export function partPosition(part: SubjectPart): { index: number; total: number } {
  switch (part.kind) {
    case 'single':
      return { index: 1, total: 1 };
    case 'cover-letter':
      return { index: 0, total: part.total };
    case 'numbered':
      return { index: part.index, total: part.total };
  }
}

function patchSubject(groups: string[][], title: string, reply: boolean): PatchSubject {
  let rfc = false;
  let resend = false;
  let version: number | undefined;
  let counter: { index: number; total: number } | undefined;
  const prefixes: string[] = [];
  const tags: string[] = [];
  for (const group of groups) {
    const isPatchGroup = group.some((word) => word.toLowerCase() === 'patch');
    for (let i = 0; i < group.length; i++) {
      const word = group[i] as string;
      const lower = word.toLowerCase();
      const ofForm = NUMBER.test(word) && group[i + 1]?.toLowerCase() === 'of' && NUMBER.test(group[i + 2] ?? '');
      const slashForm = COUNTER.exec(word);
      const versionForm = VERSION.exec(word);
      if (lower === 'patch') continue;
      if (lower === 'rfc') rfc = true;
      else if (lower === 'resend') resend = true;
      else if (versionForm && Number(versionForm[1]) >= 1) version ??= Number(versionForm[1]);
      else if (slashForm) counter ??= validCounter(Number(slashForm[1]), Number(slashForm[2]));
      else if (ofForm) {
        counter ??= validCounter(Number(word), Number(group[i + 2]));
        i += 2;
      } else (isPatchGroup ? prefixes : tags).push(word);
    }
  }
  const inTitle = VERSION_IN_TITLE.exec(title);
  if (inTitle) {
    version ??= Number(inTitle[1]) >= 1 ? Number(inTitle[1]) : undefined;
    title = (title.slice(0, inTitle.index) + title.slice(inTitle.index + inTitle[0].length)).trim();
  }
  const part: SubjectPart =
    counter === undefined
      ? { kind: 'single' }
      : counter.index === 0
        ? { kind: 'cover-letter', total: counter.total }
        : { kind: 'numbered', index: counter.index, total: counter.total };
  return { kind: 'patch', reply, rfc, resend, prefixes, tags, version: version ?? 1, part, title: title.trim() };
}

/** An impossible counter (`6/5`, `1/0`) is ignored rather than trusted. */
function validCounter(index: number, total: number): { index: number; total: number } | undefined {
  return total >= 1 && total <= MAX_NUMBER && index <= total ? { index, total } : undefined;
}

/**
 * The words of one bracket group, with git's and people's spellings made regular: `PATCHv3` → `PATCH v3`,
 * `PATCH1/8` → `PATCH 1/8` (patchwork tolerates it), commas and semicolons as separators.
 */
function groupWords(content: string): string[] {
  return content
    .replace(/\b(patch)(v\d+|\d+\/\d+)\b/gi, '$1 $2')
    .split(/[\s,;]+/)
    .filter((word) => word !== '');
}

/**
 * Reads `[ … ]` starting at `start`, flattening brackets nested inside it (`[PATCH [v2] 1/3]` reads as
 * `PATCH v2 1/3`, as b4 does). An unclosed bracket is not a group.
 */
function readBracketGroup(text: string, start: number): { content: string; end: number } | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']' && --depth === 0) {
      return { content: text.slice(start + 1, i).replace(/[[\]]/g, ' ').trim(), end: i + 1 };
    }
  }
  return undefined;
}

function withoutReplyMarkers(text: string): string {
  let at = 0;
  for (;;) {
    REPLY_MARKER.lastIndex = at;
    const marker = REPLY_MARKER.exec(text);
    if (!marker) return text.slice(at);
    at += marker[0].length;
  }
}
