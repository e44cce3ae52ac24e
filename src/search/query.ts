import { stemmer } from '@orama/stemmers/french';

/**
 * What a reader typed, read into an FTS5 expression. Nothing the reader types reaches FTS5's query syntax:
 * words are cut to letters and digits, then written back quoted, so `NEAR(`, `title:`, `*` or a stray quote
 * can never be a syntax error or a column filter.
 *
 * Matching rules (the index keeps the words as written, folded for case and accents by the tokenizer):
 * - a word matches the words that start with its French stem (`logiciels` → `logiciel*`, which finds
 *   `logiciel` and `logiciels`), or with the word itself when the stem is not a prefix of it
 *   (`nationaux` → `national* OR nationaux*`). Prefix matching is also what makes results appear while typing;
 * - words in double quotes are a phrase, matched as written (accents and case still ignored);
 * - `-mot` excludes pages containing the word;
 * - French and English little words (le, de, the…) are ignored unless they are all there is.
 */
export interface SearchQuery {
  /** The FTS5 MATCH expression. */
  match: string;
  /** The same restricted to titles and headings (exclusions still apply to the whole page). */
  matchInTitles: string;
  /** Folded words and stems, to highlight matches where FTS5 does not (the static search). */
  terms: string[];
}

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

/** Lower case without accents: how the index's tokenizer (unicode61, remove_diacritics 2) sees a word. */
export function fold(word: string): string {
  // Most words are plain ASCII, for which decomposing and stripping marks changes nothing but costs much.
  if (PRINTABLE_ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
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

function termExpression(word: string): { match: string; terms: string[] } {
  const folded = fold(word);
  // A single letter as a prefix would match half the dictionary.
  if (folded.length < 2) return { match: quote(folded), terms: [folded] };
  const stem = stemOf(word);
  if (folded.startsWith(stem)) return { match: `${quote(stem)}*`, terms: [stem] };
  return { match: `(${quote(stem)}* OR ${quote(folded)}*)`, terms: [stem, folded] };
}

/** Reads what a reader typed; undefined when there is nothing to look for. */
export function parseQuery(input: string): SearchQuery | undefined {
  const text = input.slice(0, MAX_QUERY_CHARS).normalize('NFC');
  const positive: string[] = [];
  const negative: string[] = [];
  const terms: string[] = [];
  const words: { word: string; excluded: boolean }[] = [];
  // Even-indexed parts are outside quotes, odd-indexed inside; an unclosed quote runs to the end.
  text.split('"').forEach((part, index) => {
    if (index % 2 === 1) {
      const phrase = wordsOf(part).map(fold);
      if (phrase.length === 0) return;
      positive.push(quote(phrase.join(' ')));
      terms.push(...phrase);
      return;
    }
    for (const match of part.matchAll(/(^|\s)(-?)([^\s]+)/gu)) {
      const excluded = match[2] === '-';
      for (const word of wordsOf(match[3] ?? '')) words.push({ word, excluded });
    }
  });
  const meaningful = words.filter((w) => !STOP_WORDS.has(fold(w.word)));
  const kept = meaningful.some((w) => !w.excluded) || positive.length > 0 ? meaningful : words;
  for (const { word, excluded } of kept.slice(0, MAX_TERMS)) {
    const expression = termExpression(word);
    if (excluded) negative.push(expression.match);
    else {
      positive.push(expression.match);
      terms.push(...expression.terms);
    }
  }
  if (positive.length === 0) return undefined;
  const all = positive.slice(0, MAX_TERMS).join(' AND ');
  const exclusions = negative.map((n) => ` NOT ${n}`).join('');
  return { match: `(${all})${exclusions}`, matchInTitles: `{title headings}: (${all})${exclusions}`, terms: [...new Set(terms)] };
}
