/**
 * The data of the review and archive pages, read from the desk and put in the views' shape: links,
 * texts in the reader's language, diffs, the preview. No markup here, no logic of the review either.
 */
import { archivedWithText } from '../../review/archive.js';
import { seriesStat, type ProposedChange } from '../../review/change-record.js';
import { appliedPatches, changeEvents } from '../../review/changes.js';
import type { ReviewDesk } from '../../review/desk.js';
import { previewChange } from '../../review/preview.js';
import { pageLabels } from '../../pages/documents.js';
import type { Lang } from '../../views/messages.js';
import type { ChangePageView, ChangeRowView, MailTextView, PatchView, PreviewView } from '../../views/review-model.js';
import { isFolderIndex } from '../../wiki/revision.js';
import { pageUrl } from '../../wiki/urls.js';

export const messageHref = (base: string, messageId: string) => `${base}/-/archive/m/${encodeURIComponent(messageId)}`;
export const threadHref = (base: string, threadId: string) => `${base}/-/archive/t/${encodeURIComponent(threadId)}`;
export const changeHref = (base: string, number: number) => `${base}/-/review/${number}`;

export function changeRow(change: ProposedChange, base: string): ChangeRowView {
  return {
    number: change.number,
    href: changeHref(base, change.number),
    title: change.title,
    state: change.state,
    version: change.version,
    author: change.sender,
    date: change.sentAt,
    received: change.series.patches.length,
    total: change.total,
    complete: change.complete,
    rfc: change.series.rfc,
    prefixes: change.prefixes,
    stat: seriesStat(change.series),
  };
}

export async function mailViews(desk: ReviewDesk, ids: readonly string[], base: string, lang: Lang): Promise<MailTextView[]> {
  return (await archivedWithText(desk.db, ids)).map(({ archived, message }) => ({
    messageId: archived.messageId,
    href: messageHref(base, archived.messageId),
    from: archived.from,
    date: archived.sentAt,
    subject: archived.subject,
    text: message.text,
    htmlOnly: message.htmlOnly,
    refusal: (archived.refusal ?? []).map((reason) => reason[lang]),
  }));
}

export async function changePageView(desk: ReviewDesk, change: ProposedChange, options: { base: string; lang: Lang; origin: string }): Promise<ChangePageView> {
  const { base, lang } = options;
  const mboxHref = `${changeHref(base, change.number)}/mbox`;
  const [messages, applied, events, preview] = await Promise.all([
    archivedWithText(
      desk.db,
      change.series.patches.map((patch) => patch.messageId),
    ),
    appliedPatches(desk.db, change.number),
    changeEvents(desk.db, change.number),
    previewView(desk, change, base, lang),
  ]);
  const parsed = new Map(messages.map(({ message }) => [message.messageId, message]));
  const appliedAs = new Map(applied.map((patch) => [patch.messageId, patch.commit]));
  const patches: PatchView[] = change.series.patches.map((summary) => {
    const patch = parsed.get(summary.messageId)?.patch;
    return {
      index: summary.index,
      total: change.total,
      title: summary.title,
      author: summary.author,
      date: summary.date,
      messageHref: messageHref(base, summary.messageId),
      inherited: summary.inheritedFrom !== undefined,
      message: patch?.message ?? '',
      trailers: [
        ...(patch?.trailers ?? []).map((trailer) => ({ text: `${trailer.key}: ${trailer.value}`, fromReply: false })),
        ...summary.followUpTrailers.map((trailer) => ({ text: `${trailer.key}: ${trailer.value}`, fromReply: true })),
      ],
      files: summary.files.map((file, i) => ({ ...file, anchor: `p${summary.index}-f${i + 1}` })),
      diff: patch?.diff ?? '',
      appliedAs: appliedAs.get(summary.messageId),
    };
  });
  const linked = (number: number | undefined) => (number === undefined ? undefined : { number, href: changeHref(base, number) });
  return {
    row: changeRow(change, base),
    supersedes: linked(change.supersedes),
    supersededBy: linked(change.supersededBy),
    missing: change.series.missing,
    coverLetter: change.series.coverLetter?.text,
    mboxHref,
    mboxUrl: `${options.origin}${mboxHref}`,
    patches,
    preview,
    discussion: await mailViews(desk, change.series.discussion, base, lang),
    events: events.map((event) => ({ at: event.at, actor: event.actor, via: event.via, from: event.from, to: event.to, note: event.note })),
  };
}

async function previewView(desk: ReviewDesk, change: ProposedChange, base: string, lang: Lang): Promise<PreviewView> {
  const labels = pageLabels(lang);
  const preview = await previewChange(desk, change, labels);
  if (preview.kind === 'conflict') return { kind: 'not-applicable', reason: preview[lang], files: preview.files };
  if (preview.kind === 'unavailable') return { kind: 'not-applicable', reason: preview[lang], files: [] };
  const current = await desk.options.wiki.revision();
  return {
    kind: 'preview',
    pages: preview.pages.map((page) => {
      const now = page.oldPath ?? page.path;
      return {
        path: page.path,
        status: page.status,
        oldPath: page.oldPath,
        title: page.title,
        html: page.html,
        currentHref: current.files.has(now) ? base + pageUrl(now, isFolderIndex(current, now)) : undefined,
        newBrokenLinks: page.newBrokenLinks.map((link) => ({ href: link.href, reason: labels.broken[link.reason] })),
      };
    }),
    brokenElsewhere: preview.brokenElsewhere.map((problem) => `${problem.path}:${problem.line}: ${problem.detail}`),
    outsideWiki: preview.outsideWiki,
  };
}
