/**
 * `feuillet user add|list|role|disable|enable`: the operator manages accounts from the command line, on
 * the same database as the server (the data folder of the repository, or PostgreSQL by config). The
 * operator acts with an admin's rights: they hold the data folder anyway.
 */
import { createAccount, findUserByEmail, listUsers, requestPasswordReset, setDisabled, setRole } from '../auth/accounts.js';
import { authContext, OPERATOR } from '../auth/context.js';
import { isAuthError } from '../auth/errors.js';
import { parseRole } from '../auth/roles.js';
import type { DeploymentConfig } from '../config/deployment.js';
import type { AuthSettings } from '../server/middleware/services.js';
import type { Database } from '../store/db.js';
import { openDatabase } from '../store/open.js';
import { openWiki } from '../wiki/open.js';
import { deploymentOf } from './deployment.js';
import { terminalLang } from './terminal-lang.js';
import { helpText } from './commands.js';
import { UsageError } from './errors.js';
import type { CliValues } from './commands.js';

/** The access settings of a deployment, as the server's routes take them. */
export function authSettingsOf(config: DeploymentConfig): AuthSettings {
  const { auth } = config;
  return {
    registration: auth.registration,
    private: auth.private,
    allowForcePush: auth.allowForcePush,
    ...(auth.oidc ? { oidc: auth.oidc } : {}),
    ...(config.server.publicUrl ? { publicUrl: config.server.publicUrl } : {}),
    trustedProxies: config.server.trustedProxies,
  };
}

/** The accounts database of a wiki: PostgreSQL when configured, else SQLite in its data folder. */
export function openAccountStore(config: DeploymentConfig, dataDir: string): Promise<Database> {
  return openDatabase({ dataDir, ...(config.database?.kind === 'postgres' ? { url: config.database.url } : {}) });
}

export async function userCommand(positionals: string[], values: CliValues): Promise<number> {
  const [action, ...args] = positionals;
  const config = deploymentOf(values);
  const opened = await openWiki({ repo: values.repo ?? '.', ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}) });
  await opened.source.close();
  const db = await openAccountStore(config, opened.dataDir);
  const ctx = authContext(db);
  try {
    switch (action) {
      case 'add': {
        const [email] = expect(args, 1, 'user add ADRESSE');
        const user = await createAccount(ctx, OPERATOR, {
          email,
          role: parseRole(values.role ?? 'contributor'),
          ...(values.name !== undefined ? { displayName: values.name } : {}),
        });
        console.log(`Compte créé / account created: ${user.email} (${user.role})`);
        const reset = await requestPasswordReset(ctx, user.email, null);
        if (reset) console.log(resetLinkText(config, `/-/password/reset?token=${reset.token}`));
        return 0;
      }
      case 'list': {
        expect(args, 0, 'user list');
        for (const user of await listUsers(db, { limit: 1000 })) {
          const state = user.disabled ? 'désactivé/disabled' : user.emailConfirmed ? 'actif/active' : 'non confirmé/unconfirmed';
          console.log([user.email, user.role, state, user.displayName].join('\t'));
        }
        return 0;
      }
      case 'role': {
        const [email, role] = expect(args, 2, 'user role ADRESSE RÔLE');
        const user = await setRole(ctx, OPERATOR, await userId(db, email), parseRole(role));
        console.log(`${user.email} : ${user.role}`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const [email] = expect(args, 1, `user ${action} ADRESSE`);
        const user = await setDisabled(ctx, OPERATOR, await userId(db, email), action === 'disable');
        console.log(`${user.email} : ${user.disabled ? 'désactivé / disabled' : 'actif / active'}`);
        return 0;
      }
      default:
        throw new UsageError(helpText(terminalLang(), 'user'));
    }
  } catch (error) {
    if (!isAuthError(error)) throw error;
    console.error(`feuillet: ${error.fr} / ${error.en}`);
    return 1;
  } finally {
    await db.close();
  }
}

/**
 * The password link for the operator to pass on. Only the public address is sure to be the server's:
 * without it, the link uses the configured host and port, which a `serve --port` may have overridden.
 */
export function resetLinkText(config: Pick<DeploymentConfig, 'server'>, path: string): string {
  const { publicUrl, host, port } = config.server;
  const base = (publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  const lines = [`Lien pour choisir le mot de passe, valable une heure / link to choose the password, valid for an hour:`, `${base}${path}`];
  if (publicUrl === undefined) {
    lines.push(
      `(Adresse tirée des réglages, ${base} : si le serveur écoute ailleurs, par exemple avec serve --port, remplacez-la, ou donnez server.public_url / --public-url.)`,
      `(Address taken from the settings, ${base}: if the server listens elsewhere, for instance with serve --port, replace it, or set server.public_url / --public-url.)`,
    );
  }
  return lines.join('\n');
}

/** The arguments, when there are exactly `count` of them (then the first two are strings). */
function expect(args: string[], count: number, usage: string): [string, string] {
  if (args.length !== count) throw new UsageError(`Usage : feuillet ${usage}`);
  return args as [string, string];
}

async function userId(db: Database, email: string): Promise<number> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new UsageError(`Aucun compte pour ${email} / no account for ${email}`);
  return user.id;
}
