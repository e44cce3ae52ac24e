/**
 * Text that people type into account forms (display names, request messages, refusal reasons, token
 * names) and that ends up in pages, mail subjects and the audit log: normalised to NFC, bounded, and
 * free of control characters — including line breaks in one-line fields (they would split a mail
 * header) and bidirectional overrides (they can make a name read as another).
 */
import { authErrors } from './errors.js';

export const DISPLAY_NAME_MAX = 100;

// C0/C1 controls, line and paragraph separators, and the bidirectional embedding/override/isolate marks.
const FORBIDDEN_IN_LINE = /[\p{Cc}\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/u;
const FORBIDDEN_IN_BLOCK = /[\p{Cc}\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/gu;

function length(text: string): number {
  return [...text].length;
}

/** One line of text, spaces collapsed, 1 to `max` characters; undefined when it breaks a rule. */
export function cleanLine(input: unknown, max: number): string | undefined {
  if (typeof input !== 'string' || input.length > 8 * max) return undefined;
  const text = input.normalize('NFC').replace(/[ \t\u00a0]+/g, ' ').trim();
  if (text === '' || length(text) > max || FORBIDDEN_IN_LINE.test(text)) return undefined;
  return text;
}

/**
 * Several lines of text (a message), 0 to `max` characters: line ends become `\n`, tabs are kept,
 * other control characters are removed. Undefined when too long.
 */
export function cleanBlock(input: unknown, max: number): string | undefined {
  if (typeof input !== 'string' || input.length > 8 * max) return undefined;
  const text = input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(FORBIDDEN_IN_BLOCK, (char) => (char === '\n' || char === '\t' ? char : ''))
    .trim();
  return length(text) > max ? undefined : text;
}

export function displayName(input: unknown): string {
  const name = cleanLine(input, DISPLAY_NAME_MAX);
  if (name === undefined) throw authErrors.invalidDisplayName(DISPLAY_NAME_MAX);
  return name;
}
