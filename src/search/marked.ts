import { MATCH_END, MATCH_START } from './matched-words.js';

/** A text cut into the parts a reader sees plain and the parts that matched the query. */
export type MarkedText = { text: string; hit: boolean }[];

/** Reads the match markers FTS5 put in a title or snippet. */
export function markedText(text: string): MarkedText {
  const parts: MarkedText = [];
  let hit = false;
  let current = '';
  for (const char of text) {
    if (char === MATCH_START || char === MATCH_END) {
      if (current) parts.push({ text: current, hit });
      current = '';
      hit = char === MATCH_START;
    } else current += char;
  }
  if (current) parts.push({ text: current, hit });
  return parts;
}
