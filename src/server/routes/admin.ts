/**
 * `/-/admin/`: maintainers answer write-access requests (grant as writer or maintainer, or refuse with
 * a reason; the requester is mailed) and manage accounts' roles; admins also read the audit log.
 */
import type { Context, Hono } from 'hono';
import { grantAccess, listPendingRequests, refuseAccess, type GrantableRole } from '../../auth/access-requests.js';
import { listUsers, setDisabled, setRole } from '../../auth/accounts.js';
import { listAudit } from '../../auth/audit.js';
import type { Actor } from '../../auth/context.js';
import { mayAssignRole, mayManage, parseRole, ROLES, type Role } from '../../auth/roles.js';
import { AdminView } from '../../views/admin.js';
import { messagesFor } from '../../views/messages.js';
import { formToken } from '../middleware/csrf.js';
import { allows, guard } from '../middleware/guard.js';
import type { AccessServices } from '../middleware/services.js';
import { clientIp, viewerOf } from '../middleware/viewer.js';
import { failure, field, formOf, idParam, mailAll, page } from './auth-pages.js';
import type { RouteContext, RouteModule } from './context.js';

const ADMIN = '/-/admin/';
const DONE = { granted: 'granted', refused: 'refused', role: 'roleChanged', disabled: 'disabled', enabled: 'enabled' } as const;
const AUDIT_PAGE = 100;

function viewerRole(c: Context): { id: number; role: Role } {
  const viewer = viewerOf(c);
  if (viewer.kind !== 'user') throw new Error('admin route reached without a session');
  return { id: viewer.user.id, role: viewer.user.role };
}

function actorOf(c: Context): Actor {
  return { kind: 'user', userId: viewerRole(c).id, ip: clientIp(c) };
}

export const adminRoutes: RouteModule = (app, ctx) => {
  const services = ctx.services;
  if (!services) return;
  adminPageRoutes(app, ctx, services);
};

function adminPageRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  const adminPage = async (c: Context, extra: { notice?: string; error?: string }, status = 200) => {
    const site = ctx.siteFor(c);
    const me = viewerRole(c);
    const before = Number(c.req.query('before'));
    const [pending, users, audit] = await Promise.all([
      listPendingRequests(services.auth.db),
      listUsers(services.auth.db, { limit: 1000 }),
      allows(c, 'configure')
        ? listAudit(services.auth.db, { limit: AUDIT_PAGE, ...(Number.isSafeInteger(before) && before > 0 ? { beforeId: before } : {}) })
        : undefined,
    ]);
    const grantable = (['writer', 'maintainer'] as const).filter((role) => mayAssignRole(me.role, 'contributor', role));
    return page(
      c,
      AdminView({
        site,
        csrf: formToken(c),
        pending: pending.map((r) => ({ id: r.id, user: { displayName: r.user.displayName, email: r.user.email }, message: r.message, createdAt: r.createdAt })),
        grantable,
        users: users.map((u) => ({
          id: u.id,
          displayName: u.displayName,
          email: u.email,
          role: u.role,
          disabled: u.disabled,
          emailConfirmed: u.emailConfirmed,
          assignable: u.id === me.id ? [] : ROLES.filter((role) => mayAssignRole(me.role, u.role, role)),
          manageable: u.id !== me.id && mayManage(me.role, u.role),
        })),
        ...(audit
          ? {
              audit: {
                entries: audit.map((e) => ({
                  id: e.id,
                  at: e.at,
                  actor: e.actor ? `${e.actor.displayName ?? ''} <${e.actor.email ?? e.actor.id}>` : null,
                  action: e.action,
                  target: e.target,
                  details: JSON.stringify(e.details),
                  ip: e.ip,
                })),
                ...(audit.length === AUDIT_PAGE ? { olderHref: `${site.basePath}${ADMIN}?before=${audit.at(-1)!.id}#audit` } : {}),
              },
            }
          : {}),
        ...extra,
      }),
      status,
    );
  };
  /** Runs a decision, then shows the page again with what happened (POST-redirect-GET on success). */
  const decide = (path: string, done: keyof typeof DONE, run: (c: Context, id: number, body: Record<string, unknown>) => Promise<unknown>) => {
    app.post(path, guard('grantAccess'), async (c) => {
      const id = idParam(c);
      if (id === undefined) return c.notFound();
      try {
        await run(c, id, await formOf(c));
        return c.redirect(`${ctx.siteFor(c).basePath}${ADMIN}?done=${done}`, 303);
      } catch (error) {
        const { status, text } = failure(error, ctx.langOf(c));
        return adminPage(c, { error: text }, status);
      }
    });
  };

  app.get('/-/admin', guard('grantAccess'), (c) => c.redirect(`${ctx.siteFor(c).basePath}${ADMIN}`, 301));
  app.get(ADMIN, guard('grantAccess'), (c) => {
    const done = c.req.query('done');
    const notice = done && done in DONE ? messagesFor(ctx.langOf(c)).accounts[DONE[done as keyof typeof DONE]] : undefined;
    return adminPage(c, notice ? { notice } : {});
  });

  decide('/-/admin/requests/:id/grant', 'granted', async (c, id, body) => {
    const outcome = await grantAccess(services.auth, actorOf(c), id, (field(body, 'role') ?? '') as GrantableRole);
    await mailAll(c, services, ctx.siteFor(c).basePath, outcome.notifications);
  });
  decide('/-/admin/requests/:id/refuse', 'refused', async (c, id, body) => {
    const outcome = await refuseAccess(services.auth, actorOf(c), id, field(body, 'reason'));
    await mailAll(c, services, ctx.siteFor(c).basePath, outcome.notifications);
  });
  decide('/-/admin/users/:id/role', 'role', (c, id, body) => setRole(services.auth, actorOf(c), id, parseRole(field(body, 'role') ?? '')));
  decide('/-/admin/users/:id/disable', 'disabled', (c, id) => setDisabled(services.auth, actorOf(c), id, true));
  decide('/-/admin/users/:id/enable', 'enabled', (c, id) => setDisabled(services.auth, actorOf(c), id, false));
}
