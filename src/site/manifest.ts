import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../wiki/check.js';
import type { LastChangesRecord } from '../wiki/git-source.js';
import type { LinkResolution } from '../wiki/links.js';
import type { PageFacts } from './page-facts.js';

/** Kept in the output folder, so that the atomic swap carries it with the files it describes. */
export const MANIFEST_NAME = '.feuillet-build.json';
const FORMAT = 1;

/**
 * What the last build wrote and from what: the key of every output file (a digest of the inputs it depends
 * on, see dependencies.ts), the facts of every page by blob id (titles, anchors, links: so that a page whose
 * blob did not change is never read nor parsed again), and the problems found, for `--strict` on a no-op build.
 */
export interface Manifest {
  format: typeof FORMAT;
  /** Digest of the code, settings and options every output depends on. */
  global: string;
  commit: string;
  /** Digest of every path of the wiki (and of the repository around a sub-folder wiki). */
  structure: string;
  /** Digest of every page's anchors, by path. */
  anchors: string;
  /** Links resolved the slow way, by page and href (see BuildKnowledge.slowResolutions). */
  slowLinks: Record<string, [string, LinkResolution][]>;
  outputs: Record<string, string>;
  facts: Record<string, PageFacts>;
  problems: BuildProblem[];
  counts: { pages: number; attachments: number };
  /** The last change of every path at `commit`: the next build walks only the commits made since. */
  lastChanges?: LastChangesRecord;
}

/** A problem of the wiki (from `checkWiki`) or of the static site (two files wanting the same place, a render that failed). */
export type BuildProblem = Problem | { path: string; line: 0; kind: 'url-clash' | 'render-failed' | 'active-svg'; detail: string };

export function emptyManifest(global: string, commit: string): Manifest {
  return { format: FORMAT, global, commit, structure: '', anchors: '', slowLinks: {}, outputs: {}, facts: {}, problems: [], counts: { pages: 0, attachments: 0 } };
}

/** The manifest of the site in `dir`; undefined when there is none or it is unreadable (then everything is rebuilt). */
export function readManifest(dir: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_NAME), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<Manifest>;
    if (value.format !== FORMAT || typeof value.outputs !== 'object' || typeof value.facts !== 'object') return undefined;
    return value as Manifest;
  } catch {
    return undefined;
  }
}

export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest);
}
