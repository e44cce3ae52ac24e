import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ThemeView } from '../model.js';

/*
 * The State design system (`@gouvfr/dsfr`) is not a dependency of Feuillet: its terms reserve it to State
 * websites and its install asks the operator to accept its licence. The `dsfr` theme uses the package when
 * the operator installed it beside Feuillet (or in the folder Feuillet is started from), found at run time.
 */

export const DSFR_PACKAGE = '@gouvfr/dsfr';

/** The files pages ask for by name, relative to the package's `dist/` folder. */
export const DSFR_FILES = {
  css: 'dsfr.min.css',
  icons: 'utility/icons/icons.min.css',
  module: 'dsfr.module.min.js',
  nomodule: 'dsfr.nomodule.min.js',
  favicon: 'favicon/favicon.svg',
  appleTouchIcon: 'favicon/apple-touch-icon.png',
  faviconIco: 'favicon/favicon.ico',
  sun: 'artwork/pictograms/environment/sun.svg',
  moon: 'artwork/pictograms/environment/moon.svg',
  system: 'artwork/pictograms/system/system.svg',
} as const;

const STYLESHEETS = [DSFR_FILES.css, DSFR_FILES.icons];

export interface DsfrPackage {
  version: string;
  /** The package's `dist/` folder. */
  dist: string;
  /** What Feuillet serves of it, relative to `dist/`: the files pages ask for and every file their stylesheets use. */
  files: ReadonlySet<string>;
}

/** Feuillet's own folder (the one with its package.json), from `src/views/themes/` or `dist/views/themes/`. */
export const FEUILLET_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const DEFAULT_SEARCH = [FEUILLET_ROOT, process.cwd()];

/**
 * The files a stylesheet refers to with `url(…)`, relative to `dist/`. Written by hand because only the
 * `url()` tokens of the package's own minified CSS are read, to list what to serve: no CSS parser needed.
 */
function referencedFiles(dist: string, stylesheet: string): string[] {
  const text = readFileSync(join(dist, stylesheet), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
    const reference = (match[2] ?? '').split(/[?#]/)[0] ?? '';
    if (reference === '' || /^([a-z][a-z0-9+.-]*:|\/)/i.test(reference)) continue;
    const path = posix.normalize(posix.join(posix.dirname(stylesheet), reference));
    if (!path.startsWith('../') && existsSync(join(dist, path))) found.push(path);
  }
  return found;
}

/** Reads the package found from `folder`, or undefined when it is not installed there or is unusable. */
function packageFrom(folder: string): DsfrPackage | undefined {
  let manifest: string;
  try {
    manifest = createRequire(pathToFileURL(join(folder, 'package.json'))).resolve(`${DSFR_PACKAGE}/package.json`);
  } catch {
    return undefined;
  }
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    const dist = join(dirname(manifest), 'dist');
    if (typeof version !== 'string' || !/^[0-9A-Za-z.+-]+$/.test(version)) return undefined;
    if (!Object.values(DSFR_FILES).every((file) => existsSync(join(dist, file)))) return undefined;
    const files = new Set<string>(Object.values(DSFR_FILES));
    for (const sheet of STYLESHEETS) for (const file of referencedFiles(dist, sheet)) files.add(file);
    return { version, dist, files };
  } catch {
    return undefined;
  }
}

const found = new Map<string, DsfrPackage | undefined>();

/** The installed DSFR package, looked for beside Feuillet then in the current folder; read once per process. */
export function findDsfr(folders: readonly string[] = DEFAULT_SEARCH): DsfrPackage | undefined {
  const key = folders.join('\0');
  if (!found.has(key)) found.set(key, folders.map(packageFrom).find(Boolean));
  return found.get(key);
}

/** A file of the package, when it is one Feuillet serves; undefined otherwise (no other path can be read). */
export function readDsfrFile(pkg: DsfrPackage, path: string): Buffer | undefined {
  return pkg.files.has(path) ? readFileSync(join(pkg.dist, path)) : undefined;
}

/** Every package file a static site of the `dsfr` theme needs, by its path below the site's root. */
export function dsfrSiteFiles(version: string): { disk: string; content: Buffer }[] {
  const pkg = findDsfr();
  if (!pkg || pkg.version !== version) return [];
  return [...pkg.files].sort().flatMap((path) => {
    const body = readDsfrFile(pkg, path);
    return body ? [{ disk: dsfrBase('', version).slice(1) + path, content: body }] : [];
  });
}

/** The theme pages get for the theme the settings ask for, given the package found (or not). */
export function themeView(requested: 'default' | 'dsfr', pkg: DsfrPackage | undefined): ThemeView {
  if (requested === 'default') return { name: 'default' };
  return pkg ? { name: 'dsfr', version: pkg.version } : { name: 'default', dsfrMissing: true };
}

/** Where pages find the package's files: `/-/assets/dsfr/VERSION/`, immutable for a given version. */
export function dsfrBase(basePath: string, version: string): string {
  return `${basePath}/-/assets/dsfr/${version}/`;
}

/** What the operator reads at start when the theme is asked for but the package is missing. */
export function dsfrMissingLog(): string {
  return [
    `Le thème « dsfr » est choisi dans .feuillet.yml, mais le paquet ${DSFR_PACKAGE} n’est pas installé : les pages utilisent le thème par défaut.`,
    `Le DSFR est réservé aux sites de l’État. Pour l’installer, acceptez sa licence (un fichier .dsfr.yml contenant « accept-license: 1.0.1 », ou DSFR_ACCEPT_LICENSE=1),`,
    `puis lancez « npm install ${DSFR_PACKAGE} » dans le dossier de Feuillet (${FEUILLET_ROOT}) ou dans celui d’où vous le lancez.`,
    `The “dsfr” theme is chosen in .feuillet.yml but the ${DSFR_PACKAGE} package is not installed: pages use the default theme.`,
    `The DSFR is reserved to French State websites. To install it, accept its licence (a .dsfr.yml file holding “accept-license: 1.0.1”, or DSFR_ACCEPT_LICENSE=1),`,
    `then run “npm install ${DSFR_PACKAGE}” in Feuillet’s folder (${FEUILLET_ROOT}) or in the folder you start it from.`,
  ].join('\n');
}
