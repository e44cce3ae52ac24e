import { closest, distance } from 'fastest-levenshtein';
import { configProblem, type ConfigProblem } from './problems.js';

/** Keys are documented in snake_case; kebab-case (`public-url`) is read the same. */
export function normaliseKey(key: string): string {
  return key.replace(/-/g, '_');
}

/** A key as quoted in a message: short, on one line. */
export function shownKey(key: string): string {
  const oneLine = key.replace(/\p{Cc}/gu, '?');
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}

/** "Unknown key", with the closest known key when it is a likely typing slip. */
export function unknownKeyProblem(file: string, line: number, key: string, known: readonly string[]): ConfigProblem {
  const near = known.length > 0 ? closest(key, known as string[]) : undefined;
  const likely = near !== undefined && distance(key, near) <= Math.max(2, Math.floor(key.length / 4)) ? near : undefined;
  const shown = shownKey(key);
  return likely === undefined
    ? configProblem(file, line, `clé inconnue « ${shown} »`, `unknown key "${shown}"`)
    : configProblem(file, line, `clé inconnue « ${shown} » (vouliez-vous dire ${likely} ?)`, `unknown key "${shown}" (did you mean ${likely}?)`);
}

export function repeatedKeyProblem(file: string, line: number, key: string): ConfigProblem {
  return configProblem(file, line, `${key} est écrit deux fois (en snake_case et en kebab-case ?)`, `${key} is written twice (in snake_case and kebab-case?)`);
}
