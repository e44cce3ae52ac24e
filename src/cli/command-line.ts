import { resolve } from 'node:path';
import type { CliValues } from './commands.js';

/**
 * The options that choose where Feuillet keeps its state (`--config`, `--data`), as given to this run,
 * with absolute paths: a command printed for the user to run elsewhere must reach the same database.
 */
export function sameStore(values: CliValues): string[] {
  return [
    ...(values.config !== undefined ? ['--config', resolve(values.config)] : []),
    ...(values.data !== undefined ? ['--data', resolve(values.data)] : []),
  ];
}

/** Words joined for a POSIX shell, quoted when they hold anything but safe characters. */
export function commandLine(words: readonly string[]): string {
  return words.map((word) => (/^[\p{L}\p{N}@%+=:,./_-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
