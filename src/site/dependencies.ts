import { createHash } from 'node:crypto';
import type { CommitInfo } from '../git/index.js';
import type { Backlink } from '../wiki/backlinks.js';
import type { LinkResolution } from '../wiki/links.js';
import { ancestorsOf, isMarkdown, parentOf, type WikiPath } from '../wiki/path.js';
import { folderIndex, isFolderIndex, type Revision, type WikiFile } from '../wiki/revision.js';
import type { Output } from './plan.js';

export function digest(...parts: (string | undefined)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part ?? '\u0001').update('\0');
  return hash.digest('base64url');
}

/** The key of a file known by its bytes (hashed as they are: a shard of the search index is megabytes). */
export function contentDigest(content: string | Uint8Array): string {
  return createHash('sha1').update('file\0').update(content).digest('base64url');
}

export interface DependencyInputs {
  revision: Revision;
  /** Everything that changes every page at once: code, settings, base path, language. */
  global: string;
  titleOf(file: WikiFile): string;
  changes: ReadonlyMap<WikiPath, CommitInfo>;
  /** How each page's links resolve in this revision. */
  resolutions: ReadonlyMap<WikiPath, ReadonlyMap<string, LinkResolution>>;
  /** The pages that link to each page, as it lists them (titles and URLs). */
  backlinks: ReadonlyMap<WikiPath, readonly Backlink[]>;
  /** Pages that embed calendars or tables depend on every such file and on the day (upcoming events). */
  embeds(file: WikiFile): boolean;
  embedsKey: string;
}

/**
 * A key per output that changes whenever the output may change; an output whose key is the one of the last
 * build is not written again. The rule is deliberately simple and errs on the side of rendering:
 * - a page depends on its bytes, whether it is its folder's index, its last change, how each of its links
 *   resolves (target existence, anchors and URLs), everything its folder's navigation shows (names and titles
 *   of the folder's pages and the index titles of its sub-folders), the titles of its ancestors' index pages
 *   and the pages that link to it (a page that starts or stops linking to it, or whose title changes);
 * - a generated folder listing depends on the same folder and ancestor facts;
 * - a page that embeds calendars or tables also depends on every calendar and table and on the day;
 * - attachments and sources depend on their bytes; redirect pages on their two URLs.
 */
export function outputKeys(outputs: readonly Output[], inputs: DependencyInputs): Map<string, string> {
  const { revision, global } = inputs;
  const children = childrenByFolder(revision);
  const folderKeys = new Map<WikiPath, string>();
  const crumbKeys = new Map<WikiPath, string>();

  const indexFacts = (folder: WikiPath): string => {
    const index = folderIndex(revision, folder);
    return index ? `${index.path}\0${inputs.titleOf(index)}` : '';
  };
  const folderKey = (folder: WikiPath): string => {
    let key = folderKeys.get(folder);
    if (key === undefined) {
      const lines = (children.get(folder) ?? []).map((child) => {
        if (typeof child === 'string') return `d\0${child}\0${indexFacts(child)}`;
        if (!isMarkdown(child.path)) return `f\0${child.path}`;
        return `p\0${child.path}\0${inputs.titleOf(child)}\0${isFolderIndex(revision, child.path)}`;
      });
      key = digest(...lines);
      folderKeys.set(folder, key);
    }
    return key;
  };
  const crumbKey = (folder: WikiPath): string => {
    let key = crumbKeys.get(folder);
    if (key === undefined) {
      key = digest(...[...ancestorsOf(folder), folder].map((a) => `${a}\0${indexFacts(a)}`));
      crumbKeys.set(folder, key);
    }
    return key;
  };

  const keys = new Map<string, string>();
  for (const output of outputs) {
    switch (output.kind) {
      case 'page': {
        const { file } = output;
        const folder = parentOf(file.path);
        const change = inputs.changes.get(file.path);
        const links = inputs.resolutions.get(file.path);
        keys.set(
          output.disk,
          digest(
            global,
            'page',
            file.path,
            file.id,
            String(file.size),
            String(isFolderIndex(revision, file.path)),
            change ? `${change.id}\0${change.authorName}\0${change.authorDate}` : '',
            folderKey(folder),
            crumbKey(folder),
            links ? JSON.stringify([...links]) : '',
            JSON.stringify(inputs.backlinks.get(file.path) ?? []),
            inputs.embeds(file) ? inputs.embedsKey : '',
          ),
        );
        break;
      }
      case 'folder':
        keys.set(output.disk, digest(global, 'folder', output.folder, folderKey(output.folder), crumbKey(output.folder)));
        break;
      case 'attachment':
      case 'source':
      case 'raw':
        keys.set(output.disk, digest(output.kind, output.file.id));
        break;
      case 'redirect':
        keys.set(output.disk, digest(global, 'redirect', output.from, output.to));
        break;
    }
  }
  return keys;
}

/** Each folder's files and sub-folders, sorted, in one pass over the revision. */
function childrenByFolder(revision: Revision): Map<WikiPath, (WikiFile | WikiPath)[]> {
  const children = new Map<WikiPath, (WikiFile | WikiPath)[]>();
  const add = (folder: WikiPath, child: WikiFile | WikiPath) => {
    const list = children.get(folder);
    if (list) list.push(child);
    else children.set(folder, [child]);
  };
  for (const folder of revision.folders) if (folder !== '') add(parentOf(folder), folder);
  for (const file of revision.files.values()) add(parentOf(file.path), file);
  const pathOf = (c: WikiFile | WikiPath) => (typeof c === 'string' ? c : c.path);
  for (const list of children.values()) list.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : 1));
  return children;
}
