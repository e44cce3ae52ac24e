/**
 * Signing in and out, registration, address confirmation, password reset, and sign-in through an
 * OpenID Connect provider. Every form posts with its CSRF token (checked by the CSRF middleware); the
 * session cookie is new at each sign-in (the old one is ended), HttpOnly, SameSite=Lax.
 */
import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { confirmEmail, registerAccount, requestPasswordReset, resetPassword, signIn } from '../../auth/accounts.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_SECONDS, deviceCookie } from '../../auth/known-devices.js';
import { alreadyRegisteredNotification, emailConfirmationNotification, passwordResetNotification } from '../../auth/notifications.js';
import { openPendingSignIn, sealPendingSignIn } from '../../auth/oidc-flow.js';
import { userFromOidcClaims } from '../../auth/oidc-users.js';
import { newSecretToken } from '../../auth/secret-tokens.js';
import { endSession, startSession } from '../../auth/sessions.js';
import type { User } from '../../auth/users.js';
import { MessageView } from '../../views/account-forms.js';
import { messagesFor } from '../../views/messages.js';
import { RegisterView } from '../../views/register.js';
import { ConfirmEmailView, ForgotPasswordView, ResetPasswordView, SignInView } from '../../views/sign-in.js';
import { formToken } from '../middleware/csrf.js';
import { guard } from '../middleware/guard.js';
import type { AccessServices } from '../middleware/services.js';
import { clearCookie, clientIp, queueCookie, SESSION_COOKIE, setSessionCookie, viewerOf, wikiOrigin } from '../middleware/viewer.js';
import { failure, field, formOf, mailAll, page, safeNext } from './auth-pages.js';
import type { RouteContext, RouteModule } from './context.js';

const OIDC_PENDING_COOKIE = 'feuillet_oidc';
/** The provider's ID token, kept to sign out there too; sent back only to the sign-out address. */
const ID_TOKEN_COOKIE = 'feuillet_id_token';
const CALLBACK = '/-/login/oidc';
const LOGOUT = '/-/logout';

/** Messages shown on the sign-in page after a redirect, by the `done` code in its address. */
const DONE = { confirmed: 'confirmed', reset: 'resetDone', 'signed-out': 'signedOut' } as const;

export const authRoutes: RouteModule = (app, ctx) => {
  const services = ctx.services;
  if (!services) return;
  signInRoutes(app, ctx, services);
  registrationRoutes(app, ctx, services);
  passwordRoutes(app, ctx, services);
  if (services.oidc) oidcRoutes(app, ctx, services);
};

/** Starts the session of someone who just proved who they are, replacing any the browser had. */
async function beginSession(c: Context, services: AccessServices, user: User): Promise<void> {
  const session = await startSession(services.auth, user.id, clientIp(c), getCookie(c, SESSION_COOKIE));
  setSessionCookie(c, session.token, session.expiresAt);
  // This browser is now known to the account: a stranger's guesses will not slow its sign-ins down.
  const device = deviceCookie(services.secret, getCookie(c, DEVICE_COOKIE), user.email.toLowerCase());
  queueCookie(c, DEVICE_COOKIE, device, { maxAge: DEVICE_COOKIE_SECONDS });
}

function signInRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  const signInPage = (c: Context, extra: { email?: string; error?: string; notice?: string; next?: string }, status = 200, headers?: Record<string, string>) => {
    const site = ctx.siteFor(c);
    return page(
      c,
      SignInView({
        site,
        csrf: formToken(c),
        next: extra.next ?? safeNext(c.req.query('next'), site.basePath),
        registration: services.settings.registration,
        ...(services.oidc ? { oidcLabel: services.oidc.label } : {}),
        ...(extra.email ? { email: extra.email } : {}),
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      status,
      headers,
    );
  };

  app.get('/-/login', (c) => {
    const site = ctx.siteFor(c);
    if (viewerOf(c).kind === 'user') return c.redirect(safeNext(c.req.query('next'), site.basePath), 303);
    const done = c.req.query('done');
    const m = messagesFor(site.lang).accounts;
    const notice = done && done in DONE ? m[DONE[done as keyof typeof DONE]] : undefined;
    return signInPage(c, notice ? { notice } : {});
  });

  app.post('/-/login', async (c) => {
    const site = ctx.siteFor(c);
    const body = await formOf(c);
    const next = safeNext(field(body, 'next'), site.basePath);
    const email = field(body, 'email') ?? '';
    try {
      const user = await signIn(services.auth, email, field(body, 'password'), clientIp(c), getCookie(c, DEVICE_COOKIE));
      await beginSession(c, services, user);
      return c.redirect(next, 303);
    } catch (error) {
      const { status, text, headers } = failure(error, site.lang);
      return signInPage(c, { email: email.slice(0, 254), error: text, next }, status, headers);
    }
  });

  app.post(LOGOUT, guard('signed-in'), async (c) => {
    const site = ctx.siteFor(c);
    await endSession(services.auth, getCookie(c, SESSION_COOKIE), clientIp(c));
    clearCookie(c, SESSION_COOKIE);
    const idToken = getCookie(c, ID_TOKEN_COOKIE);
    if (idToken && services.oidc) {
      clearCookie(c, ID_TOKEN_COOKIE, LOGOUT);
      const home = `${wikiOrigin(c)}${site.basePath}/`;
      const url = await services.oidc.endSessionUrl(idToken, home, newSecretToken());
      if (url) return c.redirect(url.href, 303);
    }
    return c.redirect(`${site.basePath}/-/login?done=signed-out`, 303);
  });
}

function registrationRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  if (services.settings.registration) {
    app.get('/-/register', (c) => page(c, RegisterView({ site: ctx.siteFor(c), csrf: formToken(c) })));

    app.post('/-/register', async (c) => {
      const site = ctx.siteFor(c);
      const m = messagesFor(site.lang).accounts;
      const body = await formOf(c);
      const email = field(body, 'email');
      const displayName = field(body, 'displayName');
      try {
        const registration = await registerAccount(services.auth, { email, displayName, password: field(body, 'password') }, clientIp(c));
        // The same page either way: registering does not tell who already has an account.
        const notification =
          registration.kind === 'created'
            ? emailConfirmationNotification(registration.user, `/-/confirm?token=${registration.confirmation.token}`)
            : alreadyRegisteredNotification(registration.user, '/-/password');
        await mailAll(c, services, site.basePath, [notification]);
        return page(c, MessageView({ site, title: m.checkMailTitle, text: m.registerSent }));
      } catch (error) {
        const { status, text, headers } = failure(error, site.lang);
        return page(
          c,
          RegisterView({ site, csrf: formToken(c), error: text, ...(email ? { email: email.slice(0, 254) } : {}), ...(displayName ? { displayName: displayName.slice(0, 100) } : {}) }),
          status,
          headers,
        );
      }
    });
  }

  // Confirmation links stay valid when registration is closed later: they were mailed already.
  app.get('/-/confirm', (c) => page(c, ConfirmEmailView({ site: ctx.siteFor(c), csrf: formToken(c), token: (c.req.query('token') ?? '').slice(0, 100) })));

  app.post('/-/confirm', async (c) => {
    const site = ctx.siteFor(c);
    const token = field(await formOf(c), 'token') ?? '';
    try {
      await confirmEmail(services.auth, token, clientIp(c));
      return c.redirect(`${site.basePath}/-/login?done=confirmed`, 303);
    } catch (error) {
      const { status, text } = failure(error, site.lang);
      return page(c, ConfirmEmailView({ site, csrf: formToken(c), token: token.slice(0, 100), error: text }), status);
    }
  });
}

function passwordRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  app.get('/-/password', (c) => page(c, ForgotPasswordView({ site: ctx.siteFor(c), csrf: formToken(c) })));

  app.post('/-/password', async (c) => {
    const site = ctx.siteFor(c);
    const m = messagesFor(site.lang).accounts;
    const email = field(await formOf(c), 'email');
    try {
      const reset = await requestPasswordReset(services.auth, email, clientIp(c));
      if (reset) await mailAll(c, services, site.basePath, [passwordResetNotification(reset.user, `/-/password/reset?token=${reset.token}`)]);
      return page(c, MessageView({ site, title: m.checkMailTitle, text: m.forgotSent }));
    } catch (error) {
      const { status, text, headers } = failure(error, site.lang);
      return page(c, ForgotPasswordView({ site, csrf: formToken(c), error: text, ...(email ? { email: email.slice(0, 254) } : {}) }), status, headers);
    }
  });

  app.get('/-/password/reset', (c) => page(c, ResetPasswordView({ site: ctx.siteFor(c), csrf: formToken(c), token: (c.req.query('token') ?? '').slice(0, 100) })));

  app.post('/-/password/reset', async (c) => {
    const site = ctx.siteFor(c);
    const body = await formOf(c);
    const token = field(body, 'token') ?? '';
    try {
      await resetPassword(services.auth, token, field(body, 'password'), clientIp(c));
      return c.redirect(`${site.basePath}/-/login?done=reset`, 303);
    } catch (error) {
      const { status, text } = failure(error, site.lang);
      return page(c, ResetPasswordView({ site, csrf: formToken(c), token: token.slice(0, 100), error: text }), status);
    }
  });
}

function oidcRoutes(app: Hono, ctx: RouteContext, services: AccessServices): void {
  const oidc = services.oidc!;
  const redirectUri = (c: Context) => oidc.settings.redirectUri ?? `${wikiOrigin(c)}${ctx.siteFor(c).basePath}${CALLBACK}`;
  const failed = (c: Context, error: unknown) => {
    const site = ctx.siteFor(c);
    const { status, text } = failure(error, site.lang);
    return page(
      c,
      SignInView({ site, csrf: formToken(c), next: `${site.basePath}/`, registration: services.settings.registration, oidcLabel: oidc.label, error: text }),
      status,
    );
  };

  app.post(`${CALLBACK}/start`, async (c) => {
    const site = ctx.siteFor(c);
    try {
      const next = safeNext(field(await formOf(c), 'next'), site.basePath);
      const { url, pending } = await oidc.begin(redirectUri(c), next, services.auth.now());
      queueCookie(c, OIDC_PENDING_COOKIE, sealPendingSignIn(services.secret, pending), { path: CALLBACK, maxAge: 600 });
      return c.redirect(url.href, 303);
    } catch (error) {
      return failed(c, error);
    }
  });

  app.get(CALLBACK, async (c) => {
    clearCookie(c, OIDC_PENDING_COOKIE, CALLBACK);
    try {
      const pending = openPendingSignIn(services.secret, getCookie(c, OIDC_PENDING_COOKIE), services.auth.now());
      const identity = await oidc.complete(new URL(c.req.url).searchParams, pending);
      const { user } = await userFromOidcClaims(services.auth, identity.issuer, identity.claims, clientIp(c));
      await beginSession(c, services, user);
      queueCookie(c, ID_TOKEN_COOKIE, identity.idToken, { path: LOGOUT, maxAge: Math.floor(services.auth.lifetimes.sessionMaxMs / 1000) });
      return c.redirect(pending.next, 303);
    } catch (error) {
      return failed(c, error);
    }
  });
}
