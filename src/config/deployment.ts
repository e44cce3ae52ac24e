import { settingsFromFile } from './deployment-file.js';
import { settingsFromEnv } from './env.js';
import { readGiven, type GivenSetting } from './given-setting.js';
import { configProblem, throwIfAny, type ConfigProblem } from './problems.js';
import { DEPLOYMENT_SETTINGS, type DeploymentFlag, type DeploymentKey, type SettingSpec } from './schema.js';
import type { DatabaseLocation, KindTypes } from './values.js';

export interface Listener { host: string; port: number }

/** How Feuillet runs on this machine (not part of the wiki). Paths are absolute. */
export interface DeploymentConfig {
  server: { host: string; port: number; publicUrl?: string; trustedProxies: readonly string[] };
  /** Unset: inside the repository's git directory, which only the caller knows. */
  dataDir?: string;
  /** Unset: SQLite in the data folder. */
  database?: DatabaseLocation;
  mail: {
    maxBytes: number;
    listAddress?: string;
    /** Set when a port is: the receivers are off by default. */
    smtp?: Listener;
    lmtp?: Listener;
    tls?: { keyFile: string; certFile: string };
    /** Unset: outgoing mail is written to the outbox folder. */
    relay?: { host: string; port?: number; secure: boolean; auth?: { user: string; password: string }; from?: string };
  };
  auth: {
    registration: boolean;
    private: boolean;
    allowForcePush: boolean;
    oidc?: { issuer: string; clientId: string; clientSecret?: string; redirectUri?: string; scopes: readonly string[]; label: string };
  };
  build: { maxPageBytes: number };
  edit: { maxUploadBytes: number };
  git: { ref?: string; root?: string };
}

/** Flag values as `node:util` parseArgs gives them, by flag name without `--`; other flags are ignored. */
export type DeploymentFlags = Partial<Record<DeploymentFlag, string | number | boolean>>;

export interface LoadDeploymentOptions {
  /** The `--config` file; when absent, `FEUILLET_CONFIG` names it, if set. */
  file?: string;
  env: NodeJS.ProcessEnv;
  flags?: DeploymentFlags;
  /** Where relative paths of the environment and flags are read from (default: the working folder). */
  cwd?: string;
}

/**
 * The deployment settings: defaults, then the `--config` file, then `FEUILLET_*` variables, then flags,
 * each later source overriding the earlier. Every value of every source is checked; any problem throws
 * one ConfigError listing them all.
 */
export function loadDeploymentConfig(options: LoadDeploymentOptions): DeploymentConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? (options.env.FEUILLET_CONFIG || undefined);
  const sources = [
    file === undefined ? { given: [], problems: [] } : settingsFromFile(file, cwd),
    settingsFromEnv(options.env, cwd),
    { given: settingsFromFlags(options.flags ?? {}, cwd), problems: [] },
  ];
  const problems: ConfigProblem[] = [];
  const values = new Map<DeploymentKey, { value: unknown; from: GivenSetting }>();
  for (const source of sources) {
    problems.push(...source.problems);
    for (const given of source.given) {
      const read = readGiven(given);
      if (read.ok) values.set(given.key, { value: read.value, from: given });
      else problems.push(read.problem);
    }
  }
  throwIfAny(problems);
  const settings = new Settings(values);
  // Checked once every value is fine, so that a refused value is not also reported as missing.
  throwIfAny(settings.inconsistencies());
  return settings.config();
}

function settingsFromFlags(flags: DeploymentFlags, cwd: string): GivenSetting[] {
  return (Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[]).flatMap((key) => {
    const flag = (DEPLOYMENT_SETTINGS[key] as SettingSpec).flag as DeploymentFlag | undefined;
    const value = flag === undefined ? undefined : flags[flag];
    return value === undefined ? [] : [{ key, raw: { kind: 'text' as const, text: String(value) }, file: `--${flag}`, baseDir: cwd }];
  });
}

type Specs = typeof DEPLOYMENT_SETTINGS;
type ValueOf<K extends DeploymentKey> = KindTypes[Specs[K]['kind']];
type KeyWithDefault = { [K in DeploymentKey]: Specs[K] extends { default: unknown } ? K : never }[DeploymentKey];

/** The values read, with typed access and the checks that involve several keys. */
class Settings {
  constructor(private readonly values: ReadonlyMap<DeploymentKey, { value: unknown; from: GivenSetting }>) {}

  // The value was read by the parser of this key's kind, which gives exactly ValueOf<K>.
  get<K extends DeploymentKey>(key: K): ValueOf<K> | undefined {
    return this.values.get(key)?.value as ValueOf<K> | undefined;
  }

  orDefault<K extends KeyWithDefault>(key: K): ValueOf<K> {
    return (this.get(key) ?? DEPLOYMENT_SETTINGS[key].default) as ValueOf<K>;
  }

  private given(prefix: string): DeploymentKey[] {
    return [...this.values.keys()].filter((key) => key.startsWith(prefix));
  }

  inconsistencies(): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const needs = (key: DeploymentKey, fr: string, en: string) => {
      const from = this.values.get(key)?.from;
      if (from) problems.push(configProblem(from.file, from.line, `${key} ${fr}`, `${key} ${en}`));
    };
    const requires = (present: DeploymentKey[], required: DeploymentKey[]) => {
      const missing = required.filter((key) => !this.values.has(key));
      const [first] = present;
      if (missing.length > 0 && first) needs(first, `demande aussi ${missing.join(', ')}`, `also needs ${missing.join(', ')}`);
    };
    requires(this.given('mail.smtp.'), ['mail.smtp.port']);
    requires(this.given('mail.lmtp.'), ['mail.lmtp.port']);
    requires(this.given('mail.tls.'), ['mail.tls.key_file', 'mail.tls.cert_file']);
    requires(this.given('mail.relay.'), ['mail.relay.host']);
    requires(this.given('mail.relay.user').concat(this.given('mail.relay.password')), ['mail.relay.user', 'mail.relay.password']);
    requires(this.given('auth.oidc.'), ['auth.oidc.issuer', 'auth.oidc.client_id']);
    const listeners = (['server', 'mail.smtp', 'mail.lmtp'] as const).map((name) => ({
      name,
      host: this.orDefault(`${name}.host`),
      port: name === 'server' ? this.orDefault('server.port') : this.get(`${name}.port`),
    }));
    listeners.forEach((a, i) => {
      const clash = listeners.slice(0, i).find((b) => a.port !== undefined && a.port !== 0 && b.port === a.port && b.host === a.host);
      if (clash) needs(`${a.name}.port`, `est déjà le port de ${clash.name}`, `is already the port of ${clash.name}`);
    });
    return problems;
  }

  config(): DeploymentConfig {
    const listener = (name: 'mail.smtp' | 'mail.lmtp'): Listener | undefined => {
      const port = this.get(`${name}.port`);
      return port === undefined ? undefined : { host: this.orDefault(`${name}.host`), port };
    };
    const keyFile = this.get('mail.tls.key_file');
    const certFile = this.get('mail.tls.cert_file');
    const relayHost = this.get('mail.relay.host');
    const user = this.get('mail.relay.user');
    const password = this.get('mail.relay.password');
    const issuer = this.get('auth.oidc.issuer');
    const clientId = this.get('auth.oidc.client_id');
    return {
      server: { host: this.orDefault('server.host'), port: this.orDefault('server.port'), publicUrl: this.get('server.public_url'), trustedProxies: this.get('server.trusted_proxies') ?? [] },
      dataDir: this.get('data_dir'),
      database: this.get('database.url'),
      mail: {
        maxBytes: this.orDefault('mail.max_bytes'),
        listAddress: this.get('mail.list_address'),
        smtp: listener('mail.smtp'),
        lmtp: listener('mail.lmtp'),
        tls: keyFile && certFile ? { keyFile, certFile } : undefined,
        relay: relayHost === undefined ? undefined : {
          host: relayHost,
          port: this.get('mail.relay.port'),
          secure: this.orDefault('mail.relay.secure'),
          auth: user !== undefined && password !== undefined ? { user, password } : undefined,
          from: this.get('mail.relay.from'),
        },
      },
      auth: {
        registration: this.orDefault('auth.registration'),
        private: this.orDefault('auth.private'),
        allowForcePush: this.orDefault('auth.allow_force_push'),
        oidc: issuer === undefined || clientId === undefined ? undefined : {
          issuer,
          clientId,
          clientSecret: this.get('auth.oidc.client_secret'),
          redirectUri: this.get('auth.oidc.redirect_uri'),
          scopes: this.orDefault('auth.oidc.scopes'),
          label: this.orDefault('auth.oidc.label'),
        },
      },
      build: { maxPageBytes: this.orDefault('build.max_page_bytes') },
      edit: { maxUploadBytes: this.orDefault('edit.max_upload_bytes') },
      git: { ref: this.get('git.ref'), root: this.get('git.root') },
    };
  }
}
