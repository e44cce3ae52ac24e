/**
 * What the server needs to know people: the account store, the server secret, the deployment's access
 * settings, the mail sender, the OIDC provider and the repository served over git. Made once at start by
 * `openAccessServices`; without them the server is a public, read-only wiki.
 */
import { join } from 'node:path';
import { type AuthContext, type AuthOptions, authContext } from '../../auth/context.js';
import { accountMailSender, type MailSender } from '../../auth/mail-sender.js';
import { OidcFlow, type OidcSettings } from '../../auth/oidc-flow.js';
import { serverSecretOf, type ServerSecret } from '../../auth/secret.js';
import { installPushHooks } from '../../git/index.js';
import { OUTBOX_FOLDER, type Relay, senderOf } from '../../mail/outbox.js';
import type { Db } from '../../store/db.js';
import type { OpenedWiki } from '../../wiki/open.js';
import { TrustedProxies } from '../client-address.js';
import { GitSource } from '../../wiki/git-source.js';

/** The deployment's access settings (config `auth.*` and `server.public_url`). */
export interface AuthSettings {
  /** Anyone may create an account (`auth.registration`). */
  readonly registration: boolean;
  /** Only signed-in people read the wiki, clone included (`auth.private`). */
  readonly private: boolean;
  /** Pushes may rewrite or delete the published branch (`auth.allow_force_push`). */
  readonly allowForcePush: boolean;
  readonly oidc?: OidcSettings;
  /**
   * The wiki's address as readers reach it (`server.public_url`), for links in mails, the clone URL and
   * the OIDC redirect. Without it, the address of each request is used: set it on any server reachable
   * by others, or a forged Host header could put another site's address in a password-reset mail.
   */
  readonly publicUrl?: string;
  /** Reverse proxies believed about the client's address (`server.trusted_proxies`, `address/prefix`). */
  readonly trustedProxies?: readonly string[];
}

/** The repository readers clone and writers push to, at `/<name>.git`. */
export interface GitEndpoint {
  readonly gitDir: string;
  readonly bare: boolean;
  /** The branch the wiki follows (undefined: HEAD's). */
  readonly ref: string | undefined;
  /** The last path segment before `.git`, URL-safe. */
  readonly name: string;
  /** Feuillet's hooks (push policy) in the data folder. */
  readonly hooksDir: string;
}

export interface AccessServices {
  readonly auth: AuthContext;
  readonly secret: ServerSecret;
  readonly settings: AuthSettings;
  readonly proxies: TrustedProxies;
  readonly mail: MailSender;
  readonly oidc?: OidcFlow;
  readonly git?: GitEndpoint;
}

export interface OpenAccessOptions {
  db: Db;
  opened: OpenedWiki;
  settings: AuthSettings;
  /** Default: through `relay`, else (or when it fails) the `.eml` outbox in the data folder. */
  mail?: MailSender;
  /** The deployment's SMTP relay (`mail.relay.*`). */
  relay?: Relay;
  /** Sender of account mails, `Name <address>` or an address (default: the wiki's list address). */
  from?: string;
  /** Lower scrypt cost and a movable clock, for tests. */
  auth?: AuthOptions;
}

/** A name usable in a URL path: the repository folder's name without what a URL would need escaped. */
export function cloneName(name: string): string {
  const safe = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '');
  return safe === '' ? 'wiki' : safe;
}

export async function openAccessServices(options: OpenAccessOptions): Promise<AccessServices> {
  const { opened, settings } = options;
  const dataDir = opened.dataDir;
  const secret = await serverSecretOf(options.db, dataDir);
  const from = options.from ?? opened.settings.listAddress;
  const source = opened.source;
  let git: GitEndpoint | undefined;
  if (source instanceof GitSource) {
    git = {
      gitDir: source.repo.gitDir,
      bare: source.repo.bare,
      ref: source.ref,
      name: cloneName(opened.settings.name),
      hooksDir: await installPushHooks(dataDir),
    };
  }
  return {
    auth: authContext(options.db, { secret, ...options.auth }),
    secret,
    settings,
    proxies: new TrustedProxies(settings.trustedProxies ?? []),
    mail: options.mail ?? accountMailSender({ from: senderOf(from, opened.settings.title), relay: options.relay, outboxDir: join(dataDir, OUTBOX_FOLDER) }),
    ...(settings.oidc ? { oidc: new OidcFlow(settings.oidc) } : {}),
    ...(git ? { git } : {}),
  };
}
