import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getMimeType } from 'hono/utils/mime';
import { findDsfr, readDsfrFile } from '../views/themes/dsfr-package.js';

export interface Asset {
  body: Buffer;
  type: string;
}

// The assets sit beside the compiled views (copied by the build) or the sources (under tsx).
const folder = fileURLToPath(new URL('../views/assets/', import.meta.url));

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/** The static site's search script imports its index files from beside it: it is written there (search/static-index.ts), not here. */
const NOT_SERVED = new Set(['static-search.js']);

/** Every file of the folder: a list kept by hand forgot the stylesheets and scripts views added later. */
function load(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(folder).sort()) {
    if (NOT_SERVED.has(name) || !/\.(?:css|js)$/.test(name)) continue;
    const extension = name.slice(name.lastIndexOf('.') + 1);
    assets.set(name, { body: readFileSync(folder + name), type: TYPES[extension] ?? 'application/octet-stream' });
  }
  return assets;
}

export const ASSETS: ReadonlyMap<string, Asset> = load();

/** Changes whenever an asset does, so pages can ask browsers to keep assets for a year. */
export const ASSETS_VERSION = createHash('sha1')
  .update([...ASSETS.values()].map((a) => a.body).reduce((all, b) => Buffer.concat([all, b]), Buffer.alloc(0)))
  .digest('hex')
  .slice(0, 10);

/**
 * A file of the State design system package, served at `/-/assets/dsfr/VERSION/PATH` when the operator
 * installed it: only the installed version, and only the files its pages and stylesheets use.
 */
export function dsfrAsset(version: string, path: string): Asset | undefined {
  const pkg = findDsfr();
  if (!pkg || pkg.version !== version) return undefined;
  const body = readDsfrFile(pkg, path);
  if (!body) return undefined;
  return { body, type: getMimeType(path) ?? 'application/octet-stream' };
}
