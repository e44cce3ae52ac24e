/**
 * Each page a change touches, as it would render once applied: the series is applied with `git am` on
 * the branch head in a throwaway worktree (nothing is referenced, the branch does not move), and the
 * pages of the resulting commit go through the live wiki's renderer. Links the change would break are
 * flagged: in the pages it touches, and in other pages that point at what it removes or renames.
 * Previews are kept by content (branch head, mails, language), so a page view costs one run at most.
 */
import { LRUCache } from 'lru-cache';
import { changedPaths, commitSeries, firstParent } from '../git/index.js';
import { checkWiki, type Problem } from '../wiki/check.js';
import { GitSource } from '../wiki/git-source.js';
import type { BrokenReason } from '../wiki/links.js';
import { isMarkdown, parseWikiPath, type WikiPath } from '../wiki/path.js';
import type { Revision } from '../wiki/revision.js';
import type { PageLabels } from '../wiki/wiki.js';
import type { ProposedChange } from './change-record.js';
import { appliedPatches } from './changes.js';
import type { ReviewDesk } from './desk.js';
import { selectPatches } from './series-mails.js';

export interface BrokenLink {
  /** The link as written in the page. */
  readonly href: string;
  readonly reason: BrokenReason;
}

export interface PagePreview {
  readonly path: WikiPath;
  readonly status: 'added' | 'modified' | 'deleted' | 'renamed';
  readonly oldPath: WikiPath | undefined;
  readonly title: string;
  /** The page's body as it would render; undefined for a deleted or unrenderable page. */
  readonly html: string | undefined;
  /** Links of this page that work today (or did not exist) and would be broken. */
  readonly newBrokenLinks: readonly BrokenLink[];
}

export type ChangePreview =
  | {
      readonly kind: 'preview';
      readonly base: string;
      readonly head: string;
      readonly pages: readonly PagePreview[];
      /** Links in pages the change does not touch that it would break (a page removed, a heading renamed). */
      readonly brokenElsewhere: readonly Problem[];
      /** Files outside the wiki's folder that the change touches. */
      readonly outsideWiki: readonly string[];
    }
  | { readonly kind: 'conflict'; readonly base: string; readonly patch: number; readonly files: readonly string[]; readonly fr: string; readonly en: string }
  | { readonly kind: 'unavailable'; readonly fr: string; readonly en: string };

const cache = new LRUCache<string, Promise<ChangePreview>>({ max: 64 });

/**
 * The preview on the branch head; for a change already applied, on the commit it was applied on (on
 * the head, its patches would find themselves already there).
 */
export function previewChange(desk: ReviewDesk, change: ProposedChange, labels: PageLabels): Promise<ChangePreview> {
  return baseOf(desk, change).then((base) => {
    const key = JSON.stringify([desk.repo.gitDir, base, change.series.patches.map((patch) => patch.messageId), labels]);
    let preview = cache.get(key);
    if (!preview) {
      preview = computePreview(desk, change, base, labels);
      cache.set(key, preview);
      // A failure is not kept: the next view tries again.
      preview.catch(() => cache.delete(key));
    }
    return preview;
  });
}

async function baseOf(desk: ReviewDesk, change: ProposedChange): Promise<string> {
  if (change.state === 'applied') {
    const applied = await appliedPatches(desk.db, change.number);
    const first = change.series.patches.map((patch) => applied.find((done) => done.messageId === patch.messageId)).find((done) => done !== undefined);
    const parent = first && (await firstParent(desk.repo, first.commit).catch(() => undefined));
    if (parent) return parent;
  }
  return desk.repo.resolve(`refs/heads/${desk.options.branch}`);
}

async function computePreview(desk: ReviewDesk, change: ProposedChange, base: string, labels: PageLabels): Promise<ChangePreview> {
  const available = change.series.patches.map((patch) => patch.index);
  if (available.length === 0) return { kind: 'unavailable', fr: 'Aucun correctif reçu.', en: 'No patch received.' };
  const selection = await selectPatches(desk, change, available);
  if (selection.kind === 'refused') return { kind: 'unavailable', fr: selection.fr, en: selection.en };
  const committed = await commitSeries(desk.repo, base, { messages: selection.raws, paths: selection.paths }, { name: desk.options.wikiTitle || 'Feuillet', email: desk.options.from.address });
  if (committed.kind === 'conflict') return { kind: 'conflict', base, patch: committed.patch, files: committed.files, fr: committed.fr, en: committed.en };
  const { wiki, root } = desk.options;
  const [before, after] = await Promise.all([revisionAt(desk, base), revisionAt(desk, committed.head)]);
  const toWiki = (repoPath: string): WikiPath | undefined => {
    if (root === '') return parseWikiPath(repoPath);
    return repoPath.startsWith(`${root}/`) ? parseWikiPath(repoPath.slice(root.length + 1)) : undefined;
  };
  const pages: PagePreview[] = [];
  const outsideWiki: string[] = [];
  for (const changed of await changedPaths(desk.repo, base, committed.head)) {
    const path = toWiki(changed.path);
    const oldPath = changed.oldPath === undefined ? undefined : toWiki(changed.oldPath);
    if (path === undefined) {
      outsideWiki.push(changed.path);
      continue;
    }
    if (!isMarkdown(path) && !(oldPath && isMarkdown(oldPath))) continue;
    const status = changed.status === 'added' || changed.status === 'copied' ? 'added' : changed.status === 'deleted' ? 'deleted' : changed.status === 'renamed' ? 'renamed' : 'modified';
    const file = status === 'deleted' ? undefined : after.files.get(path);
    if (!file) {
      pages.push({ path, status, oldPath, title: await wiki.titleOf(before, path), html: undefined, newBrokenLinks: [] });
      continue;
    }
    const page = await wiki.page(after, file, labels);
    const earlier = before.files.get(oldPath ?? path);
    const brokenBefore = new Set<string>();
    if (earlier) for (const link of (await wiki.page(before, earlier, labels)).links) if (link.resolution.kind === 'broken') brokenBefore.add(link.written.href);
    const newBrokenLinks = page.links.flatMap(({ written, resolution }) =>
      resolution.kind === 'broken' && !brokenBefore.has(written.href) ? [{ href: safeDecode(written.href), reason: resolution.reason }] : [],
    );
    pages.push({
      path,
      status,
      oldPath,
      title: page.title,
      html: page.body.kind === 'html' ? page.body.html : undefined,
      newBrokenLinks: dedupe(newBrokenLinks),
    });
  }
  const touched = new Set(pages.map((page) => page.path));
  const brokenKinds = new Set(['broken-link', 'broken-anchor', 'leaves-wiki']);
  const key = (problem: Problem) => `${problem.path}\u0000${problem.kind}\u0000${problem.detail}`;
  const earlierProblems = new Set((await checkWiki(wiki, before)).map(key));
  const brokenElsewhere = (await checkWiki(wiki, after)).filter((problem) => brokenKinds.has(problem.kind) && !touched.has(problem.path) && !earlierProblems.has(key(problem)));
  return { kind: 'preview', base, head: committed.head, pages, brokenElsewhere, outsideWiki };
}

/** The wiki as it is at a commit, read through the live wiki's repository (its caches apply). */
function revisionAt(desk: ReviewDesk, commit: string): Promise<Revision> {
  // Not closed: it shares the desk's repository, whose reader the desk closes.
  return new GitSource(desk.repo, commit, desk.options.root).current();
}

function dedupe(links: BrokenLink[]): BrokenLink[] {
  const seen = new Set<string>();
  return links.filter((link) => !seen.has(link.href) && seen.add(link.href));
}

function safeDecode(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}
