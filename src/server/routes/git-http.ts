/**
 * Git over HTTP at `/<name>.git`: anyone clones a public wiki; pushing needs a writer, who authenticates
 * with HTTP basic authentication and a personal access token as the password (never the account's
 * password). The role check is the guard's (`allows`); the push policy (no force-push or deletion of
 * the published branch unless allowed) is a hook git runs; the pushed branch is the live wiki at once.
 */
import type { Context } from 'hono';
import { appendAudit } from '../../auth/audit.js';
import { checkAccessToken, credentialsFromBasicAuth } from '../../auth/tokens.js';
import type { User } from '../../auth/users.js';
import { publishedRefOf, pushSettings, runHttpBackend, smartHttpService } from '../../git/index.js';
import { allows } from '../middleware/guard.js';
import type { AccessServices, GitEndpoint } from '../middleware/services.js';
import { clientIp, wikiOrigin } from '../middleware/viewer.js';
import type { RouteContext, RouteModule } from './context.js';

/** The address to clone from, as this request's reader reaches the wiki; undefined when not served. */
export function cloneUrlOf(c: Context, services: AccessServices | undefined, basePath: string): string | undefined {
  return services?.git ? `${wikiOrigin(c)}${basePath}/${services.git.name}.git` : undefined;
}

function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });
}

export const gitHttpRoutes: RouteModule = (app, ctx) => {
  const services = ctx.services;
  const git = services?.git;
  if (!services || !git) return;
  const prefix = `/${git.name}.git`;
  const handler = async (c: Context) => withGitHeaders(await serveGit(c, ctx, services, git, c.req.path.slice(prefix.length)));
  app.get(`${prefix}/info/refs`, handler);
  app.post(`${prefix}/git-upload-pack`, handler);
  app.post(`${prefix}/git-receive-pack`, handler);
};

async function serveGit(c: Context, ctx: RouteContext, services: AccessServices, git: GitEndpoint, pathInfo: string): Promise<Response> {
  const asked = smartHttpService(c.req.method, pathInfo, c.req.query('service'));
  if (!asked) return plain(404, 'Not found');
  const push = asked.service === 'git-receive-pack';
  const header = c.req.header('authorization');
  let user: User | undefined;
  if (header !== undefined) {
    const checked = await checkAccessToken(services.auth, credentialsFromBasicAuth(header)?.password, clientIp(c));
    if (checked.kind === 'limited') {
      const wait = checked.retryAfterSeconds;
      return plain(429, `Trop de jetons refusés depuis cette adresse : réessayez dans ${wait} s / too many refused tokens from this address: try again in ${wait} s`, { 'Retry-After': String(wait) });
    }
    if (checked.kind === 'refused') return challenge(ctx, c, 'Jeton d’accès inconnu ou révoqué / unknown or revoked access token');
    user = checked.user;
  }
  if (!allows(c, push ? 'push' : 'read', user ? user.role : 'anonymous')) {
    if (!user) return challenge(ctx, c, 'Identifiez-vous avec un jeton d’accès / authenticate with an access token');
    return plain(403, push
      ? 'Votre compte n’a pas le droit de pousser sur ce wiki : demandez un accès en écriture / your account may not push to this wiki: ask for write access'
      : 'Votre compte n’a pas accès à ce wiki / your account has no access to this wiki');
  }
  const request = {
    method: c.req.method,
    pathInfo,
    query: new URL(c.req.url).search.replace(/^\?/, ''),
    headers: c.req.raw.headers,
    body: c.req.method === 'POST' ? c.req.raw.body : null,
    ...(clientIp(c) ? { remoteAddr: clientIp(c)! } : {}),
  };
  if (!push) {
    return runHttpBackend(request, { gitDir: git.gitDir, config: { 'http.uploadpack': 'true', 'http.receivepack': 'false' } });
  }
  const publishedRef = await publishedRefOf(git.gitDir, git.ref);
  if (!publishedRef) return plain(409, 'La branche publiée est introuvable / the published branch cannot be found');
  const settings = pushSettings(git.hooksDir, { publishedRef, allowRewrite: services.settings.allowForcePush }, git.bare);
  if (!asked.advertise) {
    await appendAudit(services.auth.db, services.auth.now(), { actorId: user!.id, action: 'git.push', target: publishedRef, ip: clientIp(c) });
  }
  return runHttpBackend(
    { ...request, remoteUser: user!.email },
    { gitDir: git.gitDir, config: { ...settings.config, 'http.receivepack': 'true' }, env: settings.env },
  );
}

/**
 * What git sends is never a page: a browser sent here must not guess a type, run anything, be framed or
 * pass the address on (git ignores these headers).
 */
function withGitHeaders(response: Response): Response {
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Content-Security-Policy', "sandbox; default-src 'none'; frame-ancestors 'none'");
  response.headers.set('Referrer-Policy', 'no-referrer');
  return response;
}

/** 401 with a Basic challenge: git then asks for a user name and password (the token). */
function challenge(ctx: RouteContext, c: Context, text: string): Response {
  const realm = ctx.publication.site.title.replace(/["\\\r\n]/g, '');
  return plain(401, text, { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` });
}
