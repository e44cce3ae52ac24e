import { readFileSync } from 'node:fs';

/** One case of a fixture file: what it shows, the input and what is expected of it. */
export interface FixtureCase {
  title: string;
  input: string;
  expected: string;
  /** 1-based line of the title, for failure messages. */
  line: number;
}

/**
 * Reads a fixture file in markdown-it's format (its `test/fixtures`): each case is a title line, then the
 * input and the expected output, each ended by a line holding a single dot. Lines before a title that start
 * with `#` are comments.
 */
export function readFixtures(file: URL): FixtureCase[] {
  const lines = readFileSync(file, 'utf8').replace(/\r\n/g, '\n').split('\n');
  const cases: FixtureCase[] = [];
  let i = 0;
  const block = (): string => {
    const start = i;
    while (i < lines.length && lines[i] !== '.') i++;
    if (i >= lines.length) throw new Error(`${file.pathname}:${start + 1}: a block is not ended by a "." line`);
    return lines.slice(start, i++).join('\n');
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const title = line;
    const at = ++i;
    if (lines[i++] !== '.') throw new Error(`${file.pathname}:${at + 1}: a title is followed by a "." line`);
    cases.push({ title, input: block(), expected: block(), line: at });
  }
  return cases;
}
