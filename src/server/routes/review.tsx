/**
 * `/-/review/`: the proposed changes and each change's page (cover letter, coloured diffs, the pages as
 * they would render, the thread, the history), and its mbox for `git am -3`. Readers see it all; the
 * forms to change a state (maintainers, or the author for what authors may do), to apply (maintainers)
 * and to reply on the list (contributors) go through the role guard and the CSRF check, and call what the command line calls.
 */
import type { Context } from 'hono';
import type { Visitor } from '../../auth/roles.js';
import { sizeText } from '../../edit/file-operations.js';
import { applyChange, commentOnChange, setChangeState, type ApplyChangeResult, type StateChangeResult } from '../../review/actions.js';
import type { ProposedChange } from '../../review/change-record.js';
import { changeByNumber, listChanges } from '../../review/changes.js';
import type { Actor, ReviewDesk } from '../../review/desk.js';
import { countRejectedMail, listRejectedMail } from '../../review/rejected-mail.js';
import { changeMbox, parsePatchList } from '../../review/series-mails.js';
import { CHANGE_STATES, mayChangeState, parseChangeState } from '../../review/states.js';
import { renderDocument } from '../../views/layout.js';
import { messagesFor, type Lang } from '../../views/messages.js';
import { ChangeView, type ChangeActionsView, type ChangeViewProps } from '../../views/review-change.js';
import { RejectedMailView } from '../../views/rejected-mail.js';
import { ReviewListView } from '../../views/review-list.js';
import { CSRF_FIELD, formToken } from '../middleware/csrf.js';
import { allows, guard } from '../middleware/guard.js';
import { viewerOf } from '../middleware/viewer.js';
import { prepare, send } from '../responses.js';
import { field, formOf, idParam } from './auth-pages.js';
import type { RouteContext, RouteModule } from './context.js';
import { reviewDeskOf } from './review-desks.js';
import { changeHref, changePageView, changeRow } from './review-pages.js';

const HTML = 'text/html; charset=utf-8';
const PER_PAGE = 50;
/** Rejected mail is rare and kept in the spool: the newest are enough to see what happens. */
const REJECTED_SHOWN = 200;

export const reviewRoutes: RouteModule = (app, ctx) => {
  const base = ctx.publication.site.basePath;
  app.get('/-/review', (c) => c.redirect(`${base}/-/review/`, 301));

  app.get('/-/review/', async (c) => {
    const desk = await reviewDeskOf(ctx);
    if (!desk) return c.notFound();
    const lang = ctx.langOf(c);
    const state = parseChangeState(c.req.query('state') ?? '');
    const author = (c.req.query('author') ?? '').slice(0, 200);
    const prefix = (c.req.query('prefix') ?? '').slice(0, 100);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const { changes, total } = await listChanges(desk.db, { state, author, prefix, limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    const rejected = allows(c, 'review') ? await countRejectedMail(desk.db) : 0;
    const pageHref = (n: number) => {
      const query = new URLSearchParams({ ...(state ? { state } : {}), ...(author ? { author } : {}), ...(prefix ? { prefix } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString();
      return `${base}/-/review/${query ? `?${query}` : ''}`;
    };
    const html = renderDocument(
      <ReviewListView
        site={ctx.siteFor(c)}
        crumbs={[{ label: messagesFor(lang).home, href: `${base}/` }]}
        changes={changes.map((change) => changeRow(change, base))}
        total={total}
        filter={{ state, author, prefix }}
        states={CHANGE_STATES}
        pages={{ previousHref: page > 1 ? pageHref(page - 1) : undefined, nextHref: page * PER_PAGE < total ? pageHref(page + 1) : undefined }}
        archiveHref={`${base}/-/archive/`}
        listAddress={desk.options.listAddress}
        {...(rejected > 0 ? { rejected: { href: `${base}/-/review/rejected`, count: rejected } } : {})}
      />,
    );
    return send(c, prepare(200, html, HTML), 'no-store');
  });

  app.get('/-/review/rejected', guard('review'), async (c) => {
    const desk = await reviewDeskOf(ctx);
    if (!desk) return c.notFound();
    const lang = ctx.langOf(c);
    const { mails, total } = await listRejectedMail(desk.db, { limit: REJECTED_SHOWN, offset: 0 });
    const html = renderDocument(
      <RejectedMailView
        site={ctx.siteFor(c)}
        crumbs={[
          { label: messagesFor(lang).home, href: `${base}/` },
          { label: messagesFor(lang).review.title, href: `${base}/-/review/` },
        ]}
        mails={mails.map((mail) => ({ ...mail, reason: mail.reason[lang], size: sizeText(mail.size, lang) }))}
        total={total}
      />,
    );
    return send(c, prepare(200, html, HTML), 'no-store');
  });

  app.get('/-/review/:number', async (c) => {
    const found = await findChange(ctx, c);
    if (!found) return c.notFound();
    if (found.aliasOf !== undefined) return c.redirect(changeHref(base, found.change.number), 301);
    const lang = ctx.langOf(c);
    const m = messagesFor(lang);
    const mail = c.req.query('mail');
    const said = mail === 'sent' ? m.editor.mailSent : mail === 'waiting' ? m.editor.mailWaiting : c.req.query('done') !== undefined ? m.review.done : undefined;
    const done = said === undefined ? undefined : { kind: 'done' as const, text: said };
    return changePage(ctx, c, found.desk, found.change, done, 200);
  });

  app.get('/-/review/:number/mbox', async (c) => {
    const found = await findChange(ctx, c);
    if (!found) return c.notFound();
    const { desk, change } = found;
    return send(
      c,
      prepare(200, await changeMbox(desk, change), 'application/mbox', undefined, {
        'Content-Disposition': `inline; filename="change-${change.number}-v${change.version}.mbox"`,
      }),
      'no-store',
    );
  });

  if (!ctx.services) return;

  // Signed in is enough to ask: who may set which state is the review's rule (the author may withdraw).
  app.post('/-/review/:number/state', guard('signed-in'), async (c) => {
    const found = await findChange(ctx, c);
    if (!found) return c.notFound();
    const form = await formOf(c);
    const to = parseChangeState(field(form, 'state') ?? '');
    const lang = ctx.langOf(c);
    if (!to) return changePage(ctx, c, found.desk, found.change, { kind: 'refused', text: messagesFor(lang).review.newState }, 400);
    const result = await setChangeState(found.desk, found.change.number, to, webActor(c));
    return answer(ctx, c, found.desk, found.change.number, result, lang);
  });

  app.post('/-/review/:number/comment', guard('comment'), async (c) => {
    const found = await findChange(ctx, c);
    if (!found) return c.notFound();
    const result = await commentOnChange(found.desk, found.change.number, webActor(c), field(await formOf(c), 'text') ?? '');
    if (result.kind === 'sent') return c.redirect(`${changeHref(base, found.change.number)}?done=comment#discussion-heading`, 303);
    return changePage(ctx, c, found.desk, found.change, { kind: 'refused', text: result[ctx.langOf(c)] }, 400);
  });

  app.post('/-/review/:number/apply', guard('apply'), async (c) => {
    const found = await findChange(ctx, c);
    if (!found) return c.notFound();
    const written = (field(await formOf(c), 'patches') ?? '').trim();
    const patches = written === '' ? undefined : parsePatchList(written);
    const lang = ctx.langOf(c);
    if (patches === undefined && written !== '') return changePage(ctx, c, found.desk, found.change, { kind: 'refused', text: messagesFor(lang).review.applyPatches }, 400);
    const result = await applyChange(found.desk, found.change.number, webActor(c), patches ? { patches } : {});
    return answer(ctx, c, found.desk, found.change.number, result, lang);
  });
};

/** After an action: back to the change page (303) when done, the page with the reason when not. */
async function answer(ctx: RouteContext, c: Context, desk: ReviewDesk, number: number, result: StateChangeResult | ApplyChangeResult, lang: Lang): Promise<Response> {
  if (result.kind === 'moved' || result.kind === 'applied') return c.redirect(`${changeHref(ctx.publication.site.basePath, number)}?done=${result.kind}`, 303);
  const current = await changeByNumber(desk.db, number);
  if (!current) return c.notFound();
  const details = result.kind === 'conflict' ? result.files : [];
  const status = result.kind === 'refused' ? 403 : 409;
  return changePage(ctx, c, desk, current.change, { kind: 'refused', text: result[lang], details }, status);
}

async function changePage(ctx: RouteContext, c: Context, desk: ReviewDesk, change: ProposedChange, flash: ChangeViewProps['flash'], status: number): Promise<Response> {
  const base = ctx.publication.site.basePath;
  const lang = ctx.langOf(c);
  const origin = desk.options.publicUrl?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
  const m = messagesFor(lang);
  const html = renderDocument(
    <ChangeView
      site={ctx.siteFor(c)}
      crumbs={[
        { label: m.home, href: `${base}/` },
        { label: m.review.title, href: `${base}/-/review/` },
      ]}
      change={await changePageView(desk, change, { base, lang, origin })}
      actions={ctx.services ? actionsFor(c, change, base) : undefined}
      flash={flash}
    />,
  );
  // Never cached: the page holds the viewer's form token and the change moves.
  return send(c, prepare(status, html, HTML), 'no-store');
}

/** The forms this viewer may use on the change: none for a reader. */
function actionsFor(c: Context, change: ProposedChange, base: string): ChangeActionsView | undefined {
  const viewer = viewerOf(c);
  if (viewer.kind !== 'user') return undefined;
  const who = { role: viewer.user.role as Visitor, address: viewer.user.email };
  const href = changeHref(base, change.number);
  return {
    formToken: formToken(c),
    formField: CSRF_FIELD,
    stateHref: `${href}/state`,
    states: CHANGE_STATES.filter((to) => mayChangeState(who, change, to).allowed),
    applyHref: allows(c, 'apply') && change.state !== 'applied' ? `${href}/apply` : undefined,
    commentHref: allows(c, 'comment') ? `${href}/comment` : undefined,
  };
}

function webActor(c: Context): Actor {
  const viewer = viewerOf(c);
  // The guard let only signed-in viewers through.
  if (viewer.kind !== 'user') throw new Error('review action reached without a session');
  return { role: viewer.user.role, name: viewer.user.displayName, address: viewer.user.email, via: 'web' };
}

async function findChange(ctx: RouteContext, c: Context) {
  const desk = await reviewDeskOf(ctx);
  const number = idParam(c, 'number');
  if (!desk || number === undefined) return undefined;
  const found = await changeByNumber(desk.db, number);
  return found && { desk, ...found };
}
