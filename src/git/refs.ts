import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Resolves a branch to its commit id by reading the ref files, as git itself does.
 * The server asks "which commit is the branch at?" on every request so that a new commit shows at once;
 * a `git rev-parse` process per request would cost milliseconds, reading two small files costs microseconds.
 * Returns undefined when the ref is not a plain loose or packed ref; the caller then asks git.
 */
export async function readRef(commonDir: string, gitDir: string, ref: string): Promise<string | undefined> {
  let name = ref;
  for (let depth = 0; depth < 5; depth++) {
    const direct = await readLoose(name === 'HEAD' ? gitDir : commonDir, name);
    if (direct === undefined) return readPacked(commonDir, name);
    if (/^[0-9a-f]{40,64}$/.test(direct)) return direct;
    const symbolic = /^ref: (\S+)$/.exec(direct);
    if (!symbolic?.[1]) return undefined;
    name = symbolic[1];
  }
  return undefined;
}

async function readLoose(dir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, name), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

async function readPacked(commonDir: string, name: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(join(commonDir, 'packed-refs'), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === name) return line.slice(0, space);
  }
  return undefined;
}
