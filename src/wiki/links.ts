import { posix } from 'node:path';
import { isMarkdown, parentOf, parseWikiPath, type WikiPath } from './path.js';
import { folderIndex, isFolderIndex, type Revision } from './revision.js';
import { wikilinkTarget } from '../render/wikilinks.js';
import { headingSlug } from '../render/slug.js';
import { findPageByName } from './gollum.js';
import { fileUrl, folderUrl, pageUrl } from './urls.js';

/** Why a link was taken to mean something other than what it says; `check` reports each. */
export type LinkNote =
  | 'root-relative' // written relative to the wiki root instead of the page
  | 'old-url' // points at the wiki's former address
  | 'moved' // the path only matches the end of one existing file's path
  | 'leaves-root'; // climbs out of the wiki, and the same path exists inside it

export type BrokenReason = 'missing' | 'anchor' | 'leaves-root';

export type LinkTarget =
  | { kind: 'page' | 'file'; path: WikiPath }
  | { kind: 'folder'; path: WikiPath }
  | { kind: 'repository'; repoPath: string };

export type LinkResolution =
  | { kind: 'external'; href: string }
  | { kind: 'internal'; href: string; target: LinkTarget; fragment?: string; note?: { kind: LinkNote; written: string } }
  | { kind: 'broken'; href: string; reason: BrokenReason; target?: LinkTarget; suggestion?: string; wanted?: WikiPath };

export interface LinkContext {
  revision: Revision;
  /** The page the link is written in. */
  page: WikiPath;
  /** Heading ids and other anchors of a page (loads it when needed). */
  anchorsOf(page: WikiPath): Promise<ReadonlySet<string>>;
  /** Prefix added to every internal URL (a static site published below a sub-path), without trailing slash. */
  basePath: string;
  /** Absolute URL prefixes and root-absolute path prefixes where the wiki lived before. */
  oldUrls: readonly string[];
  /** When the wiki is a sub-folder of its repository: does this repository path exist? */
  repositoryHas?(repoPath: string): boolean;
  /** The wiki root inside the repository ('' when the wiki is the whole repository). */
  root: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// sourcehut wikis live at /~owner/name/: links written for them keep working wherever the wiki moves.
const SOURCEHUT_PREFIX = /^\/~[^/]+\/[^/]+\//;

function decode(text: string): string {
  try {
    return decodeURIComponent(text).normalize('NFC');
  } catch {
    return text.normalize('NFC');
  }
}

function splitHref(href: string): { path: string; fragment: string | undefined } {
  const hash = href.indexOf('#');
  const beforeHash = hash < 0 ? href : href.slice(0, hash);
  const query = beforeHash.indexOf('?');
  return {
    path: query < 0 ? beforeHash : beforeHash.slice(0, query),
    fragment: hash < 0 ? undefined : decode(href.slice(hash + 1)),
  };
}

/** Finds what a path written in a link names: a file, a page without its `.md`, or a folder. */
export function lookup(revision: Revision, written: string): LinkTarget | undefined {
  const trimmed = written.replace(/\/+$/, '');
  const path = parseWikiPath(trimmed);
  if (path === undefined) return undefined;
  if (path !== '' && !written.endsWith('/')) {
    const file = revision.files.get(path);
    if (file) return { kind: isMarkdown(path) ? 'page' : 'file', path };
    const page = revision.files.get(`${path}.md` as WikiPath);
    if (page) return { kind: 'page', path: page.path };
  }
  if (revision.folders.has(path)) return { kind: 'folder', path };
  return undefined;
}

// Files by name, once per revision: guessing where a page moved must not scan the whole wiki per link.
const byName = new WeakMap<Revision, Map<string, WikiPath[]>>();

function filesNamed(revision: Revision, name: string): readonly WikiPath[] {
  let index = byName.get(revision);
  if (!index) {
    index = new Map();
    for (const path of revision.files.keys()) {
      const base = path.slice(path.lastIndexOf('/') + 1);
      index.set(base, [...(index.get(base) ?? []), path]);
    }
    byName.set(revision, index);
  }
  return index.get(name) ?? [];
}

/** The one file whose path ends with `written`, for links to pages that moved into a sub-folder. */
function uniqueSuffixMatch(revision: Revision, written: string): LinkTarget | undefined {
  const trimmed = written.replace(/\/+$/, '');
  const suffix = `/${trimmed}`;
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const candidates = [...filesNamed(revision, name), ...filesNamed(revision, `${name}.md`)];
  const matches = candidates.filter((p) => `/${p}`.endsWith(suffix) || `/${p}`.endsWith(`${suffix}.md`));
  if (matches.length !== 1 || matches[0] === undefined) return undefined;
  return lookup(revision, matches[0]);
}

export function targetUrl(revision: Revision, target: LinkTarget, basePath: string): string {
  switch (target.kind) {
    case 'folder':
      return basePath + folderUrl(target.path);
    case 'page':
      return basePath + pageUrl(target.path, isFolderIndex(revision, target.path));
    case 'file':
      return basePath + fileUrl(target.path);
    case 'repository':
      return `${basePath}/-/repo/${target.repoPath.split('/').map(encodeURIComponent).join('/')}`;
  }
}

/** The page a target shows: a folder shows its index page, when it has one. */
function pageOf(revision: Revision, target: LinkTarget): WikiPath | undefined {
  if (target.kind === 'page') return target.path;
  if (target.kind === 'folder') return folderIndex(revision, target.path)?.path;
  return undefined;
}

function stripOldUrl(href: string, oldUrls: readonly string[]): string | undefined {
  for (const prefix of oldUrls) {
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    if (href.startsWith(base)) return href.slice(base.length);
    if (href === prefix || href === base.slice(0, -1)) return '';
  }
  return undefined;
}

/** Resolves one link written in a page against the revision: what it points at and the URL to use. */
export async function resolveLink(href: string, ctx: LinkContext): Promise<LinkResolution> {
  const raw = href.trim();
  if (raw === '') return { kind: 'external', href };
  if (raw.startsWith('#')) {
    const fragment = decode(raw.slice(1));
    const anchors = await ctx.anchorsOf(ctx.page);
    if (fragment === '' || anchors.has(fragment)) return { kind: 'external', href: raw };
    return { kind: 'broken', href: raw, reason: 'anchor' };
  }

  const pageName = wikilinkTarget(raw);
  if (pageName !== undefined) return resolvePageName(pageName, raw, ctx);

  let note: LinkNote | undefined;
  let rest = raw;
  if (SCHEME.test(raw) || raw.startsWith('//')) {
    const stripped = /^https?:/i.test(raw) ? stripOldUrl(raw, ctx.oldUrls) : undefined;
    if (stripped === undefined) return { kind: 'external', href: raw };
    rest = `/${stripped}`;
    note = 'old-url';
  }

  const { path: pathPart, fragment } = splitHref(rest);
  let written = decode(pathPart);
  let fromRoot = false;
  if (written.startsWith('/')) {
    const old = stripOldUrl(written, ctx.oldUrls.filter((u) => u.startsWith('/')));
    if (old !== undefined) {
      written = old;
      note ??= 'old-url';
    } else if (SOURCEHUT_PREFIX.test(written)) {
      written = written.replace(SOURCEHUT_PREFIX, '');
      note ??= 'old-url';
    } else {
      written = written.slice(1);
    }
    fromRoot = true;
  }
  if (written === '' && pathPart === '' && fragment !== undefined) {
    return resolveFragment(ctx, { kind: 'page', path: ctx.page }, fragment, raw, note);
  }

  const folder = fromRoot ? '' : parentOf(ctx.page);
  // Normalised relative to the wiki root; a leading `..` means the link climbs out of the wiki.
  const relative = posix.normalize(folder && written ? `${folder}/${written}` : written || folder || '.');
  const climbs = relative === '..' || relative.startsWith('../');
  const inWiki = relative === '.' || relative === './' ? '' : relative;

  let target = climbs ? undefined : lookup(ctx.revision, inWiki);
  if (climbs && ctx.root !== '' && ctx.repositoryHas) {
    const repoPath = posix.normalize(posix.join(ctx.root, folder, written));
    if (!repoPath.startsWith('../') && ctx.repositoryHas(repoPath)) {
      return { kind: 'internal', href: targetUrl(ctx.revision, { kind: 'repository', repoPath }, ctx.basePath), target: { kind: 'repository', repoPath } };
    }
  }
  if (!target) {
    const fallbacks: [LinkNote, string][] = [];
    if (climbs) fallbacks.push(['leaves-root', written.replace(/^(\.\.\/)+/, '')]);
    else if (!fromRoot) fallbacks.push(['root-relative', written]);
    const guesses = [
      ...fallbacks.map(([kind, p]) => ({ kind, target: lookup(ctx.revision, p) })),
      { kind: 'moved' as LinkNote, target: uniqueSuffixMatch(ctx.revision, written.replace(/^(\.\.\/)+/, '')) },
    ];
    const guess = guesses.find((g) => g.target !== undefined);
    if (guess?.target) {
      target = guess.target;
      note ??= guess.kind;
    } else {
      const wanted = climbs ? undefined : wantedPage(inWiki, written);
      return { kind: 'broken', href: raw, reason: climbs ? 'leaves-root' : 'missing', ...(wanted ? { wanted } : {}) };
    }
  }
  return resolveFragment(ctx, target, fragment, raw, note);
}

/**
 * The page a link to nothing asks for, so that writers can create it: a Markdown file, or a name
 * without extension (a page URL); not a folder, nor an attachment.
 */
function wantedPage(inWiki: string, written: string): WikiPath | undefined {
  if (inWiki === '' || written.endsWith('/')) return undefined;
  const name = inWiki.slice(inWiki.lastIndexOf('/') + 1);
  if (!isMarkdown(name) && name.includes('.')) return undefined;
  return parseWikiPath(isMarkdown(name) ? inWiki : `${inWiki}.md`);
}

/** A `[[Page Name]]` link: found by name anywhere in the wiki; a missing page links to where it would be. */
async function resolvePageName(written: string, raw: string, ctx: LinkContext): Promise<LinkResolution> {
  const hash = written.indexOf('#');
  const name = (hash < 0 ? written : written.slice(0, hash)).trim();
  const fragment = hash < 0 ? undefined : written.slice(hash + 1).trim();
  if (name === '') return resolveFragment(ctx, { kind: 'page', path: ctx.page }, fragment, raw, undefined);
  const path = findPageByName(ctx.revision, name);
  if (path === undefined) {
    const wouldBe = `${ctx.basePath}/${encodeURIComponent(name.replace(/\s+/g, '-'))}`;
    const wanted = wantedPage(name.replace(/\s+/g, '-'), name);
    return { kind: 'broken', href: wouldBe, reason: 'missing', ...(wanted ? { wanted } : {}) };
  }
  // GitHub turns the section name into its heading id.
  return resolveFragment(ctx, { kind: 'page', path }, fragment ? headingSlug(fragment) : undefined, raw, undefined);
}

async function resolveFragment(
  ctx: LinkContext,
  target: LinkTarget,
  fragment: string | undefined,
  raw: string,
  note: LinkNote | undefined,
): Promise<LinkResolution> {
  const url = targetUrl(ctx.revision, target, ctx.basePath);
  const href = fragment ? `${url}#${encodeURIComponent(fragment)}` : url;
  const withNote = note ? { note: { kind: note, written: raw } } : {};
  if (fragment) {
    const page = pageOf(ctx.revision, target);
    if (page !== undefined && !(await ctx.anchorsOf(page)).has(fragment)) {
      return { kind: 'broken', href, reason: 'anchor', target };
    }
    return { kind: 'internal', href, target, fragment, ...withNote };
  }
  return { kind: 'internal', href, target, ...withNote };
}
