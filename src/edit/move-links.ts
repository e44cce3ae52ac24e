/**
 * The link updates a page move needs: in every page linking to the page, the links that lead to it are
 * rewritten to its new path (edit/relink.ts keeps the author's style); in the moved page itself, the
 * relative links that would lead elsewhere from its new folder are rewritten to keep their target.
 * Which page a link leads to is decided by the wiki's own link resolution (wiki/links.ts), before and
 * after the move; every rewritten link is resolved again against the wiki as it will be and kept only
 * if it leads where it should. What cannot be rewritten (a link in raw HTML, say) is counted and said.
 */
import { parsePage } from '../render/markdown.js';
import { wikilinkHref } from '../render/wikilinks.js';
import { backlinksOf } from '../wiki/backlinks.js';
import { resolveLink, type LinkContext, type LinkResolution, type LinkTarget } from '../wiki/links.js';
import type { WikiPath } from '../wiki/path.js';
import { buildRevision, folderIndex, isFolderIndex, type Revision } from '../wiki/revision.js';
import type { Wiki } from '../wiki/wiki.js';
import { hrefOfDestination, linkSpans, type LinkSpan } from './link-spans.js';
import { applyEdits, rewrittenDestination, rewrittenWikilink, type Edit } from './relink.js';

export interface Move {
  from: WikiPath;
  to: WikiPath;
}

export interface PageRelinked {
  /** The page's path after the move (the moved page's new path, for its own links). */
  path: WikiPath;
  content: string;
  /** Links rewritten. */
  updated: number;
}

export interface LinkUpdates {
  pages: PageRelinked[];
  /** Pages left with links that no longer lead anywhere after the move (not rewritable), and how many. */
  leftOver: { path: WikiPath; count: number }[];
}

/** The wiki as it will be once `move` is made (file ids unchanged), to resolve links against. */
export function revisionAfterMove(revision: Revision, move: Move): Revision {
  const entries = [...revision.files.values()].map((file) => ({ path: file.path === move.from ? move.to : file.path, id: file.id, size: file.size }));
  return buildRevision(`${revision.id}+moved`, entries);
}

function contextFor(wiki: Wiki, revision: Revision, page: WikiPath): LinkContext {
  // Which file a link leads to does not depend on its anchor: no page is loaded to check anchors.
  const noAnchors: ReadonlySet<string> = new Set();
  return { revision, page, anchorsOf: async () => noAnchors, basePath: '', oldUrls: wiki.options.oldUrls, root: wiki.source.root };
}

/** The file a link leads to (a folder: its index page), whatever its anchor. */
function leadsTo(revision: Revision, resolution: LinkResolution): WikiPath | undefined {
  const target: LinkTarget | undefined = resolution.kind === 'external' ? undefined : resolution.target;
  if (!target || target.kind === 'repository') return undefined;
  if (target.kind === 'folder') return folderIndex(revision, target.path)?.path;
  return target.path;
}

/**
 * The file a link leads to as written, not by a guess (a link that only reaches its page because the
 * wiki tries the root or a unique name match is one `check` reports): an old address of the wiki counts.
 */
function leadsExactlyTo(revision: Revision, resolution: LinkResolution): WikiPath | undefined {
  if (resolution.kind === 'internal' && resolution.note && resolution.note.kind !== 'old-url') return undefined;
  return leadsTo(revision, resolution);
}

function hrefOfRewritten(span: LinkSpan, text: string): string | undefined {
  return span.kind === 'wikilink' ? wikilinkHref(text) : hrefOfDestination(text);
}

async function brokenCount(wiki: Wiki, revision: Revision, page: WikiPath, text: string): Promise<number> {
  const parsed = parsePage(text, { wikiLinks: wiki.options.format === 'gollum' });
  const ctx = contextFor(wiki, revision, page);
  let broken = 0;
  for (const link of parsed.links) {
    const resolution = await resolveLink(link.href, ctx);
    if (resolution.kind === 'broken' && resolution.reason !== 'anchor') broken++;
  }
  return broken;
}

/** Rewrites the links of one page (at `page` before the move, `newPage` after). */
async function relinkPage(wiki: Wiki, before: Revision, after: Revision, move: Move, page: WikiPath, text: string): Promise<{ content: string; updated: number; leftOver: number }> {
  const newPage = page === move.from ? move.to : page;
  const oldCtx = contextFor(wiki, before, page);
  const newCtx = contextFor(wiki, after, newPage);
  const edits: Edit[] = [];
  for (const span of linkSpans(text, { wikiLinks: wiki.options.format === 'gollum' })) {
    const then = await resolveLink(span.href, oldCtx);
    const was = leadsTo(before, then);
    if (was === undefined || (was !== move.from && page !== move.from)) continue;
    const shouldLead = was === move.from ? move.to : was;
    // Nothing to do when the link as written still leads to the same file from where the page will be
    // (as surely as before: a link that reached its page by a guess may still do so by a guess).
    const now = await resolveLink(span.href, newCtx);
    const exact = leadsExactlyTo(before, then) !== undefined;
    if ((exact ? leadsExactlyTo(after, now) : leadsTo(after, now)) === shouldLead) continue;
    const target = { path: shouldLead, folderIndex: isFolderIndex(after, shouldLead) };
    const text2 = span.kind === 'wikilink' ? rewrittenWikilink(span.written, shouldLead) : rewrittenDestination(span.written, target, newPage, wiki.options.oldUrls);
    const href = text2 === undefined ? undefined : hrefOfRewritten(span, text2);
    if (text2 === undefined || href === undefined) continue;
    if (leadsExactlyTo(after, await resolveLink(href, newCtx)) !== shouldLead) continue;
    edits.push({ start: span.start, end: span.end, text: text2 });
  }
  const content = applyEdits(text, edits);
  const leftOver = Math.max(0, (await brokenCount(wiki, after, newPage, content)) - (await brokenCount(wiki, before, page, text)));
  return { content, updated: edits.length, leftOver };
}

/** The pages whose content changes when `move` is made, with their new content. */
export async function linkUpdatesForMove(wiki: Wiki, revision: Revision, move: Move): Promise<LinkUpdates> {
  const after = revisionAfterMove(revision, move);
  const linking = (await backlinksOf(wiki, revision, move.from)).map((b) => b.path);
  const result: LinkUpdates = { pages: [], leftOver: [] };
  for (const page of [move.from, ...linking]) {
    const file = revision.files.get(page);
    if (!file) continue;
    const bytes = await wiki.source.read(file);
    if (bytes.includes(0)) continue;
    const text = bytes.toString('utf8');
    const relinked = await relinkPage(wiki, revision, after, move, page, text);
    const path = page === move.from ? move.to : page;
    if (relinked.updated > 0) result.pages.push({ path, content: relinked.content, updated: relinked.updated });
    if (relinked.leftOver > 0) result.leftOver.push({ path, count: relinked.leftOver });
  }
  return result;
}
