import { stemmer } from '@orama/stemmers/french';

/**
 * What a reader typed, read into FTS5 expressions. Nothing the reader types reaches FTS5's query syntax:
 * words are cut to letters and digits, then written back quoted, so `NEAR(`, `title:`, `*` or a stray quote
 * can never be a syntax error or a column filter.
 *
 * Matching rules (the index keeps the words as written, folded for case and accents by the tokenizer):
 * - a word matches the words that start with its French stem (`logiciels` → `logiciel*`, which finds
 *   `logiciel` and `logiciels`), or with the word itself when the stem is not a prefix of it
 *   (`nationaux` → `national* OR nationaux*`). Prefix matching is also what makes results appear while typing,
 *   from the third letter; words of one or two letters are matched whole;
 * - words in double quotes are a phrase, matched as written (accents and case still ignored);
 * - `-mot` excludes pages containing the word;
 * - French and English little words (le, de, the…) are ignored unless they are all there is.
 */

/**
 * One word of a query: the indexed terms that start with one of `prefixes` (a stem, or the word itself), or,
 * for a phrase in quotes or a single letter, exactly these words in this order.
 */
export type QueryClause = { kind: 'prefix'; prefixes: string[] } | { kind: 'exact'; words: string[] };

export interface SearchQuery {
  /** What every result must contain. */
  all: QueryClause[];
  /** What no result may contain. */
  none: QueryClause[];
}

/** FTS5 MATCH expressions of a query. */
export interface MatchExpression {
  /** The query on the page's text. */
  match: string;
  /** What every result must contain, without the exclusions. */
  required: string;
  /** The same restricted to titles and headings (exclusions still apply to the whole page). */
  matchInTitles: string;
}

/**
 * The indexed terms that start with a prefix, or undefined to let FTS5 look them up (`"prefix"*`).
 * An empty list means that no page has such a word.
 */
export type ExpandPrefix = (prefix: string) => readonly string[] | undefined;

const MAX_QUERY_CHARS = 500;
const MAX_TERMS = 16;
const WORD = /[\p{L}\p{N}]+/gu;
const PRINTABLE_ASCII = /^[ -~]*$/;

export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a à au aux avec ce ces d dans de des du elle en et il je l la le les leur lui ma mais me mes ne nos notre ' +
    'nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y ' +
    'an and are as at be by for from in is it of on or that the this to with'
  ).split(' '),
);

// Combining marks outside U+0300–U+036F are only in these ranges (other scripts, marks for symbols).
const MAYBE_OTHER_MARKS = /[\u20d0-\u20ff\u0370-\u1fff\u2c00-\uffff]/;
const COMBINING_DIACRITICS = /[\u0300-\u036f]+/g;

/** Lower case without accents: how the index's tokenizer (unicode61, remove_diacritics 2) sees a word. */
export function fold(word: string): string {
  // Most words are plain ASCII, for which decomposing and stripping marks changes nothing but costs much.
  if (PRINTABLE_ASCII.test(word)) return word.toLowerCase();
  const decomposed = word.normalize('NFD');
  // French text's accents decompose into the combining diacritics block: a plain range strips them several
  // times faster than the Unicode class, needed only when other marks may be there.
  if (!MAYBE_OTHER_MARKS.test(decomposed)) return decomposed.replace(COMBINING_DIACRITICS, '').toLowerCase();
  return decomposed.replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text as the search sees them: letters and digits, the rest separates. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(WORD) ?? [];
}

/** The French stem of a word, folded; the word itself when stemming would leave almost nothing. */
export function stemOf(word: string): string {
  const lower = word.toLowerCase();
  const stem = fold(stemmer(lower));
  return stem.length >= 3 || stem.length >= lower.length ? stem : fold(lower);
}

const quote = (word: string) => `"${word}"`;

function termClause(word: string): QueryClause {
  const folded = fold(word);
  // A word of one or two letters is looked for as written (an acronym: IA, UE): as a prefix it would match a
  // good part of the dictionary, and the index keeps prefixes of three letters only.
  if (folded.length < 3) return { kind: 'exact', words: [folded] };
  const stem = stemOf(word);
  return { kind: 'prefix', prefixes: folded.startsWith(stem) ? [stem] : [stem, folded] };
}

/** Reads what a reader typed; undefined when there is nothing to look for. */
export function parseQuery(input: string): SearchQuery | undefined {
  const text = input.slice(0, MAX_QUERY_CHARS).normalize('NFC');
  const all: QueryClause[] = [];
  const none: QueryClause[] = [];
  const words: { word: string; excluded: boolean }[] = [];
  // Even-indexed parts are outside quotes, odd-indexed inside; an unclosed quote runs to the end.
  text.split('"').forEach((part, index) => {
    if (index % 2 === 1) {
      const phrase = wordsOf(part).map(fold);
      if (phrase.length > 0) all.push({ kind: 'exact', words: phrase });
      return;
    }
    for (const match of part.matchAll(/(^|\s)(-?)([^\s]+)/gu)) {
      const excluded = match[2] === '-';
      for (const word of wordsOf(match[3] ?? '')) words.push({ word, excluded });
    }
  });
  const meaningful = words.filter((w) => !STOP_WORDS.has(fold(w.word)));
  const kept = meaningful.some((w) => !w.excluded) || all.length > 0 ? meaningful : words;
  for (const { word, excluded } of kept.slice(0, MAX_TERMS)) (excluded ? none : all).push(termClause(word));
  if (all.length === 0) return undefined;
  return { all: all.slice(0, MAX_TERMS), none };
}

/**
 * A clause as FTS5 syntax: a prefix the index can list becomes the OR of its terms, which FTS5 reads lazily
 * (a query with LIMIT stops early); `"prefix"*` would first merge the position lists of every such term,
 * several milliseconds for a common stem. Undefined when the clause can match nothing.
 */
function clauseExpression(clause: QueryClause, expand: ExpandPrefix): string | undefined {
  if (clause.kind === 'exact') return quote(clause.words.join(' '));
  const alternatives: string[] = [];
  for (const prefix of clause.prefixes) {
    const terms = expand(prefix);
    if (terms === undefined) alternatives.push(`${quote(prefix)}*`);
    else alternatives.push(...terms.map(quote));
  }
  const unique = [...new Set(alternatives)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? (unique[0] as string) : `(${unique.join(' OR ')})`;
}

/** The FTS5 expressions of a query; undefined when a word it requires is in no page. */
export function matchExpression(query: SearchQuery, expand: ExpandPrefix = () => undefined): MatchExpression | undefined {
  const all: string[] = [];
  for (const clause of query.all) {
    const expression = clauseExpression(clause, expand);
    if (expression === undefined) return undefined;
    all.push(expression);
  }
  const exclusions = query.none
    .map((clause) => clauseExpression(clause, expand))
    .filter((expression) => expression !== undefined)
    .map((expression) => ` NOT ${expression}`)
    .join('');
  const required = `(${all.join(' AND ')})`;
  return { match: `${required}${exclusions}`, required, matchInTitles: `{title headings}: ${required}${exclusions}` };
}
