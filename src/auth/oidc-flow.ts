/**
 * Sign-in through an OpenID Connect provider (ProConnect, Keycloak…) with openid-client: discovery,
 * authorization code flow with PKCE (when the provider advertises S256), `state` and `nonce` of 43
 * characters (ProConnect asks for at least 32), only standard authorization parameters (ProConnect
 * refuses any other with error Y000400), a userinfo answer that may be a signed JWT (`application/jwt`,
 * as ProConnect sends it: its signature is checked against the provider's keys), and sign-out by
 * sending the browser to the provider's `end_session_endpoint` with the ID token as `id_token_hint`.
 *
 * What the browser must carry between leaving for the provider and coming back (state, nonce, PKCE
 * verifier, the page to return to) travels in a cookie sealed with the server secret.
 */
import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcClaims } from './oidc-users.js';
import type { ServerSecret } from './secret.js';
import { UserError } from '../user-error.js';

/** Deployment settings (`auth.oidc.*`). */
export interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Default: the wiki's public URL + `/-/login/oidc`. Must match the provider's registration exactly. */
  readonly redirectUri?: string;
  readonly scopes: readonly string[];
  /** Text of the sign-in button ("ProConnect"). */
  readonly label: string;
}

/** What the browser carries to the provider and back. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  /** Absent when the provider does not support PKCE. */
  readonly codeVerifier?: string;
  readonly redirectUri: string;
  /** The wiki page to open after signing in. */
  readonly next: string;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
}

export interface OidcIdentity {
  readonly issuer: string;
  /** ID token claims, completed (and overridden) by the userinfo claims of the same subject. */
  readonly claims: OidcClaims & Record<string, unknown>;
  /** Kept for signing out at the provider. */
  readonly idToken: string;
}

/** A sign-in through the provider that did not succeed, told to the person in French and English. */
export class OidcSignInError extends UserError {
  constructor(fr: string, en: string, options?: { cause?: unknown }) {
    // The provider, not the person, failed: a bad gateway.
    super(fr, en, 502, options);
  }
}

const unreachable = (cause: unknown) =>
  new OidcSignInError(
    "Le fournisseur d'identité ne répond pas. Réessayez dans un instant.",
    'The identity provider does not answer. Try again in a moment.',
    { cause },
  );
const refused = (cause: unknown) =>
  new OidcSignInError(
    "La connexion auprès du fournisseur d'identité n'a pas abouti. Recommencez.",
    'Signing in at the identity provider did not succeed. Start again.',
    { cause },
  );
const expired = () =>
  new OidcSignInError(
    'Cette tentative de connexion a expiré ou ne vient pas de ce navigateur. Recommencez.',
    'This sign-in attempt has expired or did not start in this browser. Start again.',
  );

/** How long someone may stay at the provider before coming back. */
export const PENDING_LIFETIME_MS = 10 * 60 * 1000;

export class OidcFlow {
  #config: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcSettings) {}

  get label(): string {
    return this.settings.label;
  }

  /** Discovery, made once and kept; tried again on the next sign-in when it failed. */
  private configuration(): Promise<client.Configuration> {
    if (!this.#config) {
      const issuer = new URL(this.settings.issuer);
      // Plain HTTP only for a provider on this machine (tests, development); anything else needs TLS.
      const loopback = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
      const made = client
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined)
        .then((config) => {
          client.enableNonRepudiationChecks(config);
          return config;
        });
      made.catch(() => (this.#config = undefined));
      this.#config = made;
    }
    return this.#config;
  }

  /** Where to send the browser, and what it must bring back. */
  async begin(redirectUri: string, next: string, now: Date): Promise<{ url: URL; pending: PendingSignIn }> {
    let config: client.Configuration;
    try {
      config = await this.configuration();
    } catch (error) {
      throw unreachable(error);
    }
    const state = client.randomState();
    const nonce = client.randomNonce();
    const parameters: Record<string, string> = { redirect_uri: redirectUri, scope: this.settings.scopes.join(' '), state, nonce };
    let codeVerifier: string | undefined;
    if (config.serverMetadata().supportsPKCE()) {
      codeVerifier = client.randomPKCECodeVerifier();
      parameters.code_challenge = await client.calculatePKCECodeChallenge(codeVerifier);
      parameters.code_challenge_method = 'S256';
    }
    const url = client.buildAuthorizationUrl(config, parameters);
    const pending: PendingSignIn = { state, nonce, redirectUri, next, startedAt: now.getTime(), ...(codeVerifier ? { codeVerifier } : {}) };
    return { url, pending };
  }

  /** The browser came back with `query`: exchanges the code, checks the ID token, reads userinfo. */
  async complete(query: URLSearchParams, pending: PendingSignIn): Promise<OidcIdentity> {
    let config: client.Configuration;
    try {
      config = await this.configuration();
    } catch (error) {
      throw unreachable(error);
    }
    // The redirect URI as registered (not as this server saw the request, which a proxy may rewrite).
    const current = new URL(pending.redirectUri);
    current.search = query.toString();
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
        ...(pending.codeVerifier ? { pkceCodeVerifier: pending.codeVerifier } : {}),
      });
      const idClaims = tokens.claims();
      if (!idClaims || !tokens.id_token) throw new Error('no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      if (config.serverMetadata().userinfo_endpoint) {
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...claims, ...userinfo, sub: idClaims.sub };
      }
      return { issuer: config.serverMetadata().issuer, claims: claims as OidcClaims & Record<string, unknown>, idToken: tokens.id_token };
    } catch (error) {
      throw refused(error);
    }
  }

  /** The provider's sign-out address for this ID token, or undefined when it has none. */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string, state: string): Promise<URL | undefined> {
    const config = await this.configuration().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri, state });
  }
}

/** The pending sign-in as a cookie value: JSON, then a MAC under the server secret. */
export function sealPendingSignIn(secret: ServerSecret, pending: PendingSignIn): string {
  const body = Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
  return `${body}.${secret.hmac('oidc-pending', body).toString('base64url')}`;
}

/** The pending sign-in of a cookie value, or an error when it is missing, forged or too old. */
export function openPendingSignIn(secret: ServerSecret, value: string | undefined, now: Date): PendingSignIn {
  if (!value || value.length > 4096) throw expired();
  const dot = value.indexOf('.');
  const body = value.slice(0, dot);
  const mac = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = secret.hmac('oidc-pending', body);
  if (dot < 0 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw expired();
  const pending = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
  const age = now.getTime() - pending.startedAt;
  if (!(age >= 0 && age <= PENDING_LIFETIME_MS)) throw expired();
  return pending;
}
