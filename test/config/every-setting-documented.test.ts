import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeploymentConfig } from '../../src/config/deployment.js';
import { configReference, describeConfig, sampleConfigFile } from '../../src/config/describe.js';
import { DEPLOYMENT_SETTINGS, envNames, WIKI_SETTINGS, type DeploymentKey } from '../../src/config/schema.js';
import { parseValue } from '../../src/config/values.js';
import { defaultWikiSettings, parseWikiSettings } from '../../src/config/wiki-settings.js';
import { tempFolder } from './temp-files.js';

const folder = tempFolder();
const keyFile = folder.write('key.pem', 'key');
const certFile = folder.write('cert.pem', 'cert');
const DEPLOYMENT_KEYS = Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[];

/** An example usable on this machine: files named must exist. */
function exampleOf(key: DeploymentKey): string {
  if (key === 'mail.tls.key_file') return keyFile;
  if (key === 'mail.tls.cert_file') return certFile;
  return DEPLOYMENT_SETTINGS[key].example;
}

/** What a key cannot be set without (the checks made across keys). */
function companions(key: DeploymentKey): DeploymentKey[] {
  if (key.startsWith('mail.smtp.')) return ['mail.smtp.port'];
  if (key.startsWith('mail.lmtp.')) return ['mail.lmtp.port'];
  if (key.startsWith('mail.tls.')) return ['mail.tls.key_file', 'mail.tls.cert_file'];
  if (key === 'mail.relay.user' || key === 'mail.relay.password') return ['mail.relay.host', 'mail.relay.user', 'mail.relay.password'];
  if (key.startsWith('mail.relay.')) return ['mail.relay.host'];
  if (key.startsWith('auth.oidc.')) return ['auth.oidc.issuer', 'auth.oidc.client_id'];
  return [];
}

const envFor = (keys: DeploymentKey[]) => Object.fromEntries(keys.map((key) => [envNames(key)[0], exampleOf(key)]));

test('every setting the code reads is described, with a default, a meaning in French and English, an example', () => {
  const described = describeConfig();
  assert.deepEqual(described.filter((row) => row.scope === 'wiki').map((row) => row.key), Object.keys(WIKI_SETTINGS));
  assert.deepEqual(described.filter((row) => row.scope === 'deployment').map((row) => row.key), DEPLOYMENT_KEYS);
  for (const row of described) {
    for (const text of [row.fr, row.en, row.default.fr, row.default.en, row.example]) assert.ok(text.trim().length > 0, `${row.key}: ${JSON.stringify(row)}`);
  }
  const secrets = described.filter((row) => row.secret).map((row) => row.key);
  assert.deepEqual(secrets, ['database.url', 'mail.relay.password', 'auth.oidc.client_secret']);
  assert.ok(described.filter((row) => row.secret).every((row) => row.flag === undefined), 'no secret on a command line');
});

test('the Markdown reference names every key, environment variable and flag', () => {
  for (const language of ['fr', 'en'] as const) {
    const reference = configReference(language);
    for (const row of describeConfig()) {
      assert.ok(reference.includes(`\`${row.key}\``), `${language}: ${row.key}`);
      for (const name of [...row.env, ...(row.flag ? [row.flag] : [])]) assert.ok(reference.includes(`\`${name}\``), `${language}: ${name}`);
    }
  }
});

test('environment variable names and flags are unique, and follow the general rule', () => {
  const names = DEPLOYMENT_KEYS.flatMap((key) => envNames(key));
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((name) => /^FEUILLET_[A-Z0-9_]+$/.test(name)));
  assert.equal(envNames('mail.relay.host')[0], 'FEUILLET_MAIL_RELAY_HOST');
  for (const name of ['FEUILLET_HOST', 'FEUILLET_PORT', 'FEUILLET_PUBLIC_URL', 'FEUILLET_DATA', 'FEUILLET_DATABASE_URL', 'FEUILLET_SMTP_PORT', 'FEUILLET_LMTP_PORT', 'FEUILLET_OIDC_CLIENT_SECRET', 'FEUILLET_RELAY_PASSWORD']) {
    assert.ok(names.includes(name), name);
  }
  const flags = describeConfig().flatMap((row) => (row.flag ? [row.flag] : []));
  assert.equal(new Set(flags).size, flags.length);
});

test('every default is a valid value of its kind', () => {
  for (const [key, spec] of [...Object.entries(DEPLOYMENT_SETTINGS), ...Object.entries(WIKI_SETTINGS)]) {
    if (!('default' in spec)) continue;
    const value = spec.default as string | number | boolean | readonly string[];
    const scalar = (item: string | number | boolean) => ({ kind: 'scalar' as const, line: 1, value: item });
    // A list setting's default is a list of values of its kind; the scopes kind reads a list itself.
    const raws = 'list' in spec && Array.isArray(value) ? value.map(scalar)
      : Array.isArray(value) ? [{ kind: 'list' as const, line: 1, items: value.map(scalar) }]
      : [scalar(value as string | number | boolean)];
    for (const raw of raws) {
      const parsed = parseValue(spec.kind, raw, { baseDir: folder.dir });
      assert.ok(parsed.ok, `${key}: ${JSON.stringify(parsed)}`);
    }
  }
});

test('every deployment key, set alone through its environment variable, changes the configuration', () => {
  for (const key of DEPLOYMENT_KEYS) {
    const base = companions(key).filter((other) => other !== key);
    // Keys that need each other (tls key and certificate) are compared with none of them set.
    const alone = base.some((other) => companions(other).includes(key)) ? [] : base;
    const without = loadDeploymentConfig({ env: envFor(alone), cwd: folder.dir });
    const withKey = loadDeploymentConfig({ env: envFor([...base, key]), cwd: folder.dir });
    assert.notDeepEqual(withKey, without, key);
  }
});

test('every wiki key, set alone to its example, is read without problem and changes the settings', () => {
  for (const [key, spec] of Object.entries(WIKI_SETTINGS)) {
    const read = parseWikiSettings(`${key}: ${spec.example}\n`, '.feuillet.yml', { name: 'wiki' });
    assert.deepEqual(read.problems, [], key);
    assert.notDeepEqual(read.settings, defaultWikiSettings({ name: 'wiki' }), key);
  }
});

test('the sample config file reads as the defaults, and with every example filled in, as a full configuration', () => {
  const commented = folder.write('sample.yml', sampleConfigFile());
  assert.deepEqual(loadDeploymentConfig({ file: commented, env: {} }), loadDeploymentConfig({ env: {} }));
  const values = Object.fromEntries(DEPLOYMENT_KEYS.map((key) => [key, exampleOf(key)]));
  const full = folder.write('sample-full.yml', sampleConfigFile(values));
  const config = loadDeploymentConfig({ file: full, env: {} });
  assert.equal(config.server.port, 80);
  assert.deepEqual(config.mail.lmtp, { host: '192.0.2.10', port: 2424 });
  assert.equal(config.mail.relay?.auth?.password, '…');
  assert.deepEqual(config.auth.oidc?.scopes, ['openid', 'email', 'given_name', 'usual_name']);
  assert.deepEqual({ ...config.git }, { ref: 'main', root: 'docs' });
});
