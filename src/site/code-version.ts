import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The folders whose code decides what a built file holds: Markdown rendering, link resolution, views, the
// build, and search (the static search counts words the way it does).
const FOLDERS = ['render', 'wiki', 'views', 'site', 'search'];

let cached: string | undefined;

/**
 * A digest of the code that makes the static files, compiled or from sources: an upgrade of Feuillet that
 * changes how a page looks rebuilds every page, without anyone remembering to bump a version number.
 */
export function codeVersion(): string {
  if (cached) return cached;
  const hash = createHash('sha1');
  const base = new URL('../', import.meta.url);
  for (const folder of FOLDERS) {
    const dir = fileURLToPath(new URL(`${folder}/`, base));
    const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(js|ts|tsx|css)$/.test(name))
      .sort();
    for (const name of names) hash.update(name).update(readFileSync(`${dir}${name}`));
  }
  cached = hash.digest('base64url');
  return cached;
}
