/**
 * `/-/archive/`: the list's public archive. Threads, each message with its raw form, a thread as an
 * mbox. Message-IDs go in URLs percent-encoded as one segment (`/` included), read back from the raw path.
 */
import type { Context } from 'hono';
import { mboxrd } from '../../mail/mbox.js';
import { archivedMessage, rawMessage, rawMessages, threadMessages, threadSummaries } from '../../review/archive.js';
import { changeOfThread } from '../../review/changes.js';
import type { ReviewDesk } from '../../review/desk.js';
import { renderDocument } from '../../views/layout.js';
import { messagesFor, type Lang } from '../../views/messages.js';
import { ArchiveListView, MessageView, ThreadView } from '../../views/archive.js';
import type { Crumb } from '../../views/model.js';
import { prepare, send } from '../responses.js';
import type { RouteModule } from './context.js';
import { reviewDeskOf } from './review-desks.js';
import { changeHref, mailViews, messageHref, threadHref } from './review-pages.js';

const HTML = 'text/html; charset=utf-8';
const PER_PAGE = 50;
const MAX_ID = 1000;

/** The Message-ID in `/-/archive/<kind>/<id>[/suffix]`, decoded from the raw path; undefined when malformed. */
function idFromPath(c: Context, kind: 'm' | 't', suffix: '' | '/raw' | '/mbox'): string | undefined {
  const path = new URL(c.req.url).pathname;
  const prefix = `/-/archive/${kind}/`;
  const start = path.indexOf(prefix);
  if (start === -1 || !path.endsWith(suffix)) return undefined;
  const encoded = path.slice(start + prefix.length, path.length - suffix.length);
  if (encoded === '' || encoded.includes('/') || encoded.length > MAX_ID * 3) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export const archiveRoutes: RouteModule = (app, ctx) => {
  const base = ctx.publication.site.basePath;
  const crumbs = (lang: Lang): Crumb[] => [
    { label: messagesFor(lang).home, href: `${base}/` },
    { label: messagesFor(lang).archive.title, href: `${base}/-/archive/` },
  ];
  const deskOf = (): Promise<ReviewDesk | undefined> => reviewDeskOf(ctx);

  app.get('/-/archive', (c) => c.redirect(`${base}/-/archive/`, 301));

  app.get('/-/archive/', async (c) => {
    const desk = await deskOf();
    if (!desk) return c.notFound();
    const lang = ctx.langOf(c);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const { threads, total } = await threadSummaries(desk.db, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    const pageHref = (n: number) => `${base}/-/archive/${n > 1 ? `?page=${n}` : ''}`;
    const html = renderDocument(
      <ArchiveListView
        site={{ ...ctx.publication.site, lang }}
        crumbs={[{ label: messagesFor(lang).home, href: `${base}/` }]}
        listAddress={desk.options.listAddress}
        threads={threads.map((thread) => ({ ...thread, href: threadHref(base, thread.threadId) }))}
        pages={{ previousHref: page > 1 ? pageHref(page - 1) : undefined, nextHref: page * PER_PAGE < total ? pageHref(page + 1) : undefined }}
      />,
    );
    return send(c, prepare(200, html, HTML));
  });

  app.get('/-/archive/m/*', async (c) => {
    const desk = await deskOf();
    if (!desk) return c.notFound();
    const raw = idFromPath(c, 'm', '/raw');
    if (raw !== undefined) {
      const bytes = await rawMessage(desk.db, raw);
      return bytes ? send(c, prepare(200, bytes, 'text/plain; charset=utf-8')) : c.notFound();
    }
    const id = idFromPath(c, 'm', '');
    const archived = id === undefined ? undefined : await archivedMessage(desk.db, id);
    if (!archived) return c.notFound();
    const lang = ctx.langOf(c);
    const [mail] = await mailViews(desk, [archived.messageId], base, lang);
    if (!mail) return c.notFound();
    const change = await changeOfThread(desk.db, [archived.messageId]);
    const html = renderDocument(
      <MessageView
        site={{ ...ctx.publication.site, lang }}
        crumbs={crumbs(lang)}
        mail={mail}
        rawHref={`${messageHref(base, archived.messageId)}/raw`}
        threadHref={threadHref(base, archived.threadId)}
        inReplyTo={archived.inReplyTo && (await archivedMessage(desk.db, archived.inReplyTo)) ? { href: messageHref(base, archived.inReplyTo) } : undefined}
        change={change === undefined ? undefined : { number: change, href: changeHref(base, change) }}
      />,
    );
    return send(c, prepare(200, html, HTML));
  });

  app.get('/-/archive/t/*', async (c) => {
    const desk = await deskOf();
    if (!desk) return c.notFound();
    const asMbox = idFromPath(c, 't', '/mbox');
    const id = asMbox ?? idFromPath(c, 't', '');
    if (id === undefined) return c.notFound();
    // Any message of a thread names the thread.
    const threadId = (await archivedMessage(desk.db, id))?.threadId ?? id;
    const messages = await threadMessages(desk.db, threadId);
    if (messages.length === 0) return c.notFound();
    if (asMbox !== undefined) {
      const raws = await rawMessages(
        desk.db,
        messages.map((message) => message.messageId),
      );
      return send(c, prepare(200, mboxrd(raws), 'application/mbox', undefined, { 'Content-Disposition': 'inline; filename="thread.mbox"' }));
    }
    const lang = ctx.langOf(c);
    const mails = await mailViews(
      desk,
      messages.map((message) => message.messageId),
      base,
      lang,
    );
    const withLinks = [];
    for (const mail of mails) {
      const change = await changeOfThread(desk.db, [mail.messageId]);
      withLinks.push({ ...mail, rawHref: `${mail.href}/raw`, change: change === undefined ? undefined : { number: change, href: changeHref(base, change) } });
    }
    const html = renderDocument(
      <ThreadView
        site={{ ...ctx.publication.site, lang }}
        crumbs={crumbs(lang)}
        subject={messages[0]?.subject ?? ''}
        mboxHref={`${threadHref(base, threadId)}/mbox`}
        messages={withLinks}
      />,
    );
    return send(c, prepare(200, html, HTML));
  });
};
