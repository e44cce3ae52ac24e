/**
 * A signed-in person's own page (`/-/account`): display name, password, personal access tokens for
 * git (shown once, revocable), the changes they proposed, and the write-access request (`/-/access-request`).
 */
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { latestRequestOf, requestWriteAccess } from '../../auth/access-requests.js';
import { changePassword } from '../../auth/accounts.js';
import type { Actor } from '../../auth/context.js';
import { DEVICE_COOKIE } from '../../auth/known-devices.js';
import { changeDisplayName } from '../../auth/profile.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from '../../auth/tokens.js';
import type { User } from '../../auth/users.js';
import { AccessRequestView } from '../../views/access-request.js';
import { waitingInOutbox } from '../../mail/outbox.js';
import { listChanges } from '../../review/changes.js';
import { AccountView, type ProposalView, type WriteAccessView } from '../../views/account.js';
import { messagesFor } from '../../views/messages.js';
import { formToken } from '../middleware/csrf.js';
import { allows, guard } from '../middleware/guard.js';
import type { AccessServices } from '../middleware/services.js';
import { clientIp, viewerOf } from '../middleware/viewer.js';
import { failure, field, formOf, idParam, mailAll, page } from './auth-pages.js';
import type { RouteContext, RouteModule } from './context.js';
import { cloneUrlOf } from './git-http.js';
import { reviewDeskOf } from './review-desks.js';
import { changeHref } from './review-pages.js';

const DONE = { name: 'nameChanged', password: 'passwordChanged', revoked: 'tokenRevoked' } as const;

/** The signed-in user (the guard let only them through). */
function signedIn(c: Context): { user: User; sessionId: number } {
  const viewer = viewerOf(c);
  if (viewer.kind !== 'user') throw new Error('account route reached without a session');
  return viewer;
}

function actorOf(c: Context): Actor {
  return { kind: 'user', userId: signedIn(c).user.id, ip: clientIp(c) };
}

async function writeAccessOf(c: Context, services: AccessServices, user: User): Promise<WriteAccessView> {
  if (allows(c, 'edit', user.role)) return { state: 'has-access' };
  const latest = await latestRequestOf(services.auth.db, user.id);
  if (latest?.state === 'pending') return { state: 'pending', since: latest.createdAt };
  return latest?.state === 'refused' && latest.reason ? { state: 'can-ask', refusedReason: latest.reason } : { state: 'can-ask' };
}

/** The changes the person sent (from the editor or by mail from their address); undefined when the wiki has no review. */
async function proposalsOf(ctx: RouteContext, user: User, base: string): Promise<ProposalView[] | undefined> {
  const desk = await reviewDeskOf(ctx);
  if (!desk) return undefined;
  const address = user.email.toLowerCase();
  // The filter matches part of the name or address: only the person's own address is kept.
  const { changes } = await listChanges(desk.db, { author: address });
  const own = changes.filter((change) => change.sender.address.toLowerCase() === address);
  // A copy for the list that no relay took is still in the outbox: the person should know it.
  const waiting = await waitingInOutbox(desk.options.outboxDir, new Set(own.flatMap((change) => change.series.messageIds)));
  return own.map((change) => ({
    number: change.number,
    title: change.title,
    version: change.version,
    state: change.state,
    href: changeHref(base, change.number),
    mailWaiting: change.series.messageIds.some((id) => waiting.has(id)),
  }));
}

export const accountRoutes: RouteModule = (app, ctx) => {
  const services = ctx.services;
  if (!services) return;
  accountPageRoutes(app, ctx, services);
  accessRequestRoutes(app, ctx, services);
};

function accountPageRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  const accountPage = async (c: Context, extra: { notice?: string; error?: string; newToken?: string }, status = 200, headers?: Record<string, string>) => {
    const site = ctx.siteFor(c);
    const { user } = signedIn(c);
    const [tokens, access, proposals] = await Promise.all([listAccessTokens(services.auth.db, user.id), writeAccessOf(c, services, user), proposalsOf(ctx, user, site.basePath)]);
    const cloneUrl = cloneUrlOf(c, services, site.basePath);
    return page(
      c,
      AccountView({
        site,
        csrf: formToken(c),
        user: { email: user.email, displayName: user.displayName, role: user.role, hasPassword: user.hasPassword },
        tokens,
        access,
        ...(proposals ? { proposals } : {}),
        ...(cloneUrl ? { cloneUrl } : {}),
        ...extra,
      }),
      status,
      headers,
    );
  };
  /** Runs a change, then shows the page again with what happened (POST-redirect-GET on success). */
  const change = (path: string, done: keyof typeof DONE, run: (c: Context, body: Record<string, unknown>) => Promise<unknown>) => {
    app.post(path, guard('signed-in'), async (c) => {
      try {
        await run(c, await formOf(c));
        return c.redirect(`${ctx.siteFor(c).basePath}/-/account?done=${done}`, 303);
      } catch (error) {
        const { status, text, headers } = failure(error, ctx.langOf(c));
        return accountPage(c, { error: text }, status, headers);
      }
    });
  };

  app.get('/-/account', guard('signed-in'), (c) => {
    const done = c.req.query('done');
    const notice = done && done in DONE ? messagesFor(ctx.langOf(c)).accounts[DONE[done as keyof typeof DONE]] : undefined;
    return accountPage(c, notice ? { notice } : {});
  });

  change('/-/account/name', 'name', (c, body) => changeDisplayName(services.auth, signedIn(c).user.id, field(body, 'displayName'), clientIp(c)));

  change('/-/account/password', 'password', (c, body) => {
    const { user, sessionId } = signedIn(c);
    return changePassword(services.auth, user.id, field(body, 'current'), field(body, 'password'), clientIp(c), sessionId, getCookie(c, DEVICE_COOKIE));
  });

  app.post('/-/account/tokens', guard('signed-in'), async (c) => {
    try {
      const { token } = await createAccessToken(services.auth, signedIn(c).user.id, field(await formOf(c), 'name'), clientIp(c));
      // Shown in this answer only (never in an address, which browsers keep in their history).
      return accountPage(c, { newToken: token });
    } catch (error) {
      const { status, text } = failure(error, ctx.langOf(c));
      return accountPage(c, { error: text }, status);
    }
  });

  change('/-/account/tokens/:id/revoke', 'revoked', (c) => revokeAccessToken(services.auth, actorOf(c), idParam(c) ?? 0));
}

function accessRequestRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  app.get('/-/access-request', guard('propose'), async (c) => {
    const access = await writeAccessOf(c, services, signedIn(c).user);
    return page(c, AccessRequestView({ site: ctx.siteFor(c), csrf: formToken(c), access }));
  });

  app.post('/-/access-request', guard('propose'), async (c) => {
    const site = ctx.siteFor(c);
    const { user } = signedIn(c);
    const message = field(await formOf(c), 'message');
    try {
      const outcome = await requestWriteAccess(services.auth, user.id, message, clientIp(c));
      await mailAll(c, services, site.basePath, outcome.notifications);
      return page(c, AccessRequestView({ site, csrf: formToken(c), access: { state: 'pending', since: outcome.request.createdAt } }));
    } catch (error) {
      const { status, text } = failure(error, site.lang);
      const access = await writeAccessOf(c, services, user);
      return page(c, AccessRequestView({ site, csrf: formToken(c), access, error: text, ...(message ? { message: message.slice(0, 2000) } : {}) }), status);
    }
  });
}
