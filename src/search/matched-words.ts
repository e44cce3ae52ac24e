import { fold, type QueryClause, type SearchQuery } from './query.js';

/**
 * A query's words found in a page's text by this module rather than by FTS5, for the pages ranked by
 * their titles (see `SearchIndexFile.hits`): FTS5 finds a page's matches only by running the query again
 * for that page, about 0.2 ms a page for a common word, where reading its text and searching it here
 * costs a few microseconds. Text is folded as the index's tokenizer folds it (case, diacritics); a word is
 * a run of letters, digits and combining marks, as for the tokenizer. Scanning is done by hand around a
 * plain regular expression of the query's words: one with Unicode classes and look-behinds cost more to
 * compile and run than all the rest.
 */

/** Where a match starts and ends inside a returned text (the characters FTS5 is also told to put around matches). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

/** Words a snippet shows before the first match. */
const WORDS_BEFORE = 4;
const LETTER = /[\p{L}\p{N}\p{M}]/u;

/** Whether a character belongs to a word; ASCII without the regular expression (most of the text). */
function isLetter(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return LETTER.test(char);
}

interface Span {
  start: number;
  end: number;
}

/** The word of `text` that starts at or after `from`, if any. */
function nextWord(text: string, from: number): Span | undefined {
  let start = from;
  while (start < text.length && !isLetter(text[start])) start++;
  if (start >= text.length) return undefined;
  let end = start;
  while (end < text.length && isLetter(text[end])) end++;
  return { start, end };
}

/** Words whole or by their beginning, found in folded text. */
class WordSet {
  private readonly starts: RegExp;
  private readonly exact: Set<string>;
  private readonly prefixes: string[];

  constructor(clauses: readonly QueryClause[]) {
    this.exact = new Set(clauses.flatMap((clause) => (clause.kind === 'exact' ? clause.words : [])));
    this.prefixes = clauses.flatMap((clause) => (clause.kind === 'prefix' ? clause.prefixes : []));
    // Query words are letters and digits: nothing in them needs escaping.
    this.starts = new RegExp([...this.exact, ...this.prefixes].join('|'), 'g');
  }

  /** The words of folded `text` in the set, in order. */
  *spans(text: string): Generator<Span> {
    if (this.exact.size === 0 && this.prefixes.length === 0) return;
    // A copy of its own: a search keeps its place in `lastIndex`, and two may be under way.
    const starts = new RegExp(this.starts);
    for (let found = starts.exec(text); found; found = starts.exec(text)) {
      const word = isLetter(text[found.index - 1]) ? undefined : nextWord(text, found.index);
      if (word) {
        const folded = text.slice(word.start, word.end);
        if (this.exact.has(folded) || this.prefixes.some((prefix) => folded.startsWith(prefix))) yield word;
      }
      starts.lastIndex = word?.end ?? found.index + 1;
    }
  }
}

/**
 * Folding a French text keeps its length (each accented letter loses its one combining mark), and the
 * folded text's positions are then the text's; a text whose length changes is marked word by word.
 */
function foldedText(text: string): string | undefined {
  const folded = fold(text);
  return folded.length === text.length ? folded : undefined;
}

export class QueryWords {
  /** Every word the query asks for (each word of a phrase on its own). */
  private readonly wanted: WordSet;
  private readonly excluded: WordSet | undefined;

  constructor(query: SearchQuery) {
    this.wanted = new WordSet(query.all);
    this.excluded = query.none.length > 0 ? new WordSet(query.none) : undefined;
  }

  /**
   * Whether a page's texts hold a word the query excludes (exclusions are single words). Looked for in the
   * text in lower case first: a word found there is there folded too, and folding is the costly part.
   */
  excludes(texts: readonly string[]): boolean {
    if (this.excluded === undefined) return false;
    const text = texts.join('\n');
    const holds = (searched: string) => this.excluded?.spans(searched).next().done === false;
    return holds(text.toLowerCase()) || holds(fold(text));
  }

  /** The whole text, matched words marked (as FTS5's `highlight`). */
  highlighted(text: string): string {
    return this.marked(text, 0, text.length);
  }

  /**
   * About `size` words of the text, from a few words before its first match (the beginning when nothing
   * matches), matched words marked, with `…` where the text goes on (as FTS5's `snippet`).
   */
  snippet(text: string, size: number): string {
    const first = this.matches(text).next().value?.start ?? 0;
    // The words up to the window's end, and one more to know whether the text goes on.
    const words: Span[] = [];
    let at = -1;
    for (let word = nextWord(text, 0); word; word = nextWord(text, word.end)) {
      words.push(word);
      if (at < 0 && word.end > first) at = words.length - 1;
      if (at >= 0 && words.length > Math.max(0, at - WORDS_BEFORE) + size) break;
    }
    const from = Math.max(0, at - WORDS_BEFORE);
    if (from === 0 && words.length <= size) return this.highlighted(text);
    const window = words.slice(from, from + size);
    const [head, tail] = [window[0], window.at(-1)];
    if (!head || !tail) return text;
    return `${from > 0 ? '…' : ''}${this.marked(text, head.start, tail.end)}${words.length > from + size ? '…' : ''}`;
  }

  /** The matched words of `text`, in order. */
  private *matches(text: string): Generator<Span> {
    const folded = foldedText(text);
    if (folded !== undefined) {
      yield* this.wanted.spans(folded);
      return;
    }
    for (let word = nextWord(text, 0); word; word = nextWord(text, word.end)) {
      if (!this.wanted.spans(fold(text.slice(word.start, word.end))).next().done) yield word;
    }
  }

  /** `text` from `start` to `end`, its matched words marked. */
  private marked(text: string, start: number, end: number): string {
    const part = text.slice(start, end);
    let out = '';
    let at = 0;
    for (const span of this.matches(part)) {
      out += `${part.slice(at, span.start)}${MATCH_START}${part.slice(span.start, span.end)}${MATCH_END}`;
      at = span.end;
    }
    return out + part.slice(at);
  }
}
