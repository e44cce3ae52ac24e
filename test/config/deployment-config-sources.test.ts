import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDeploymentConfig } from '../../src/config/deployment.js';
import { configError, tempFolder } from './temp-files.js';

const folder = tempFolder();

test('with nothing configured, Feuillet serves on 127.0.0.1:8080 with SQLite, no mail servers and no relay', () => {
  const config = loadDeploymentConfig({ env: {} });
  assert.deepEqual(config.server, { host: '127.0.0.1', port: 8080, publicUrl: undefined, trustedProxies: [] });
  assert.equal(config.dataDir, undefined);
  assert.equal(config.database, undefined);
  assert.equal(config.mail.maxBytes, 25 * 1024 * 1024);
  assert.equal(config.mail.smtp, undefined);
  assert.equal(config.mail.lmtp, undefined);
  assert.equal(config.mail.relay, undefined);
  assert.equal(config.mail.tls, undefined);
  assert.deepEqual({ ...config.auth }, { registration: false, private: false, allowForcePush: false, oidc: undefined });
  assert.equal(config.build.maxPageBytes, 5 * 1024 * 1024);
  assert.deepEqual({ ...config.git }, { ref: undefined, root: undefined });
});

test('the file sets nested keys, in snake_case or kebab-case, with sizes in units', () => {
  const file = folder.write('full.yml', [
    'server:',
    '  host: 0.0.0.0',
    '  port: 9000',
    '  public-url: https://wiki.example.org/',
    '  trusted-proxies:',
    '    - 127.0.0.1',
    '    - 10.0.0.0/8, fd00::/8',
    'mail:',
    '  max_bytes: 10MiB',
    '  smtp: { port: 2525 }',
    '  lmtp:',
    '    host: ::1',
    '    port: 2424',
    '  relay:',
    '    host: smtp.example.org',
    '    secure: true',
    '    user: feuillet',
    '    password: "0123"',
    '    from: Wiki <wiki@example.org>',
    'auth:',
    '  registration: true',
    '  allow-force-push: true',
    '  oidc:',
    '    issuer: https://sso.example.org/realms/wiki',
    '    client_id: feuillet',
    '    scopes: [openid, email, given_name]',
    'build: { max_page_bytes: 1000000 }',
    'git: { ref: main, root: /docs/ }',
  ].join('\n'));
  const config = loadDeploymentConfig({ file, env: {} });
  assert.deepEqual(config.server, { host: '0.0.0.0', port: 9000, publicUrl: 'https://wiki.example.org/', trustedProxies: ['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8'] });
  assert.equal(config.mail.maxBytes, 10 * 1024 * 1024);
  assert.deepEqual(config.mail.smtp, { host: '127.0.0.1', port: 2525 });
  assert.deepEqual(config.mail.lmtp, { host: '::1', port: 2424 });
  assert.deepEqual(config.mail.relay, { host: 'smtp.example.org', port: undefined, secure: true, auth: { user: 'feuillet', password: '0123' }, from: 'Wiki <wiki@example.org>' });
  assert.equal(config.auth.registration, true);
  assert.equal(config.auth.allowForcePush, true);
  assert.deepEqual(config.auth.oidc, {
    issuer: 'https://sso.example.org/realms/wiki', clientId: 'feuillet', clientSecret: undefined, redirectUri: undefined,
    scopes: ['openid', 'email', 'given_name'], label: 'OpenID Connect',
  });
  assert.equal(config.build.maxPageBytes, 1_000_000);
  assert.deepEqual({ ...config.git }, { ref: 'main', root: 'docs' });
});

test('environment variables override the file, flags override the environment', () => {
  const file = folder.write('layers.yml', 'server:\n  host: 10.0.0.1\n  port: 9000\nmail:\n  smtp:\n    port: 2525\n');
  const fileOnly = loadDeploymentConfig({ file, env: {} });
  assert.equal(fileOnly.server.port, 9000);
  const withEnv = loadDeploymentConfig({ file, env: { FEUILLET_PORT: '9001', FEUILLET_SMTP_PORT: '2626' } });
  assert.equal(withEnv.server.port, 9001);
  assert.equal(withEnv.server.host, '10.0.0.1', 'what the environment does not set still comes from the file');
  assert.equal(withEnv.mail.smtp?.port, 2626);
  const withFlags = loadDeploymentConfig({ file, env: { FEUILLET_PORT: '9001', FEUILLET_HOST: '10.0.0.2' }, flags: { port: '9002' } });
  assert.equal(withFlags.server.port, 9002);
  assert.equal(withFlags.server.host, '10.0.0.2');
});

test('every key has an environment variable by the general rule, some a short name as well', () => {
  const config = loadDeploymentConfig({
    env: {
      FEUILLET_SERVER_PORT: '81', FEUILLET_MAIL_RELAY_HOST: 'relay.example.org', FEUILLET_MAIL_RELAY_PORT: '465',
      FEUILLET_MAIL_RELAY_SECURE: 'oui', FEUILLET_AUTH_PRIVATE: 'true', FEUILLET_AUTH_OIDC_ISSUER: 'https://sso.example.org/',
      FEUILLET_AUTH_OIDC_CLIENT_ID: 'wiki', FEUILLET_OIDC_CLIENT_SECRET: 's3cret', FEUILLET_AUTH_OIDC_SCOPES: 'openid email',
      FEUILLET_MAIL_MAX_BYTES: '1048576', FEUILLET_GIT_REF: 'published',
    },
  });
  assert.equal(config.server.port, 81);
  assert.deepEqual(config.mail.relay, { host: 'relay.example.org', port: 465, secure: true, auth: undefined, from: undefined });
  assert.equal(config.auth.private, true);
  assert.equal(config.auth.oidc?.clientSecret, 's3cret');
  assert.deepEqual(config.auth.oidc?.scopes, ['openid', 'email']);
  assert.equal(config.mail.maxBytes, 1_048_576);
  assert.equal(config.git.ref, 'published');
});

test('an empty environment variable counts as unset; unrelated FEUILLET_ variables are left alone', () => {
  const config = loadDeploymentConfig({ env: { FEUILLET_PORT: '', FEUILLET_TEST_POSTGRES: 'postgres://x', FEUILLET_SOMETHING_ELSE: '1' } });
  assert.equal(config.server.port, 8080);
});

test('two variable names for one key that disagree are refused; that agree are fine', () => {
  const error = configError(() => loadDeploymentConfig({ env: { FEUILLET_PORT: '80', FEUILLET_SERVER_PORT: '81' } }));
  assert.match(error.message, /FEUILLET_SERVER_PORT, FEUILLET_PORT/);
  assert.equal(error.line, undefined);
  assert.equal(loadDeploymentConfig({ env: { FEUILLET_PORT: '80', FEUILLET_SERVER_PORT: '80' } }).server.port, 80);
});

test('FEUILLET_CONFIG names the file when --config is not given', () => {
  const file = folder.write('from-env.yml', 'server:\n  port: 7000\n');
  assert.equal(loadDeploymentConfig({ env: { FEUILLET_CONFIG: file } }).server.port, 7000);
  const other = folder.write('from-flag.yml', 'server:\n  port: 7001\n');
  assert.equal(loadDeploymentConfig({ file: other, env: { FEUILLET_CONFIG: file } }).server.port, 7001);
});

test('relative paths in the file are read from the file’s folder; from the environment, from the working folder', () => {
  const sub = join(folder.dir, 'etc');
  mkdirSync(sub, { recursive: true });
  folder.write('etc/key.pem', 'key');
  folder.write('etc/cert.pem', 'cert');
  const file = folder.write('etc/feuillet.yml', 'data_dir: ../data\ndatabase:\n  url: db/wiki.sqlite\nmail:\n  tls:\n    key_file: key.pem\n    cert_file: ./cert.pem\n');
  const config = loadDeploymentConfig({ file, env: {}, cwd: '/' });
  assert.equal(config.dataDir, join(folder.dir, 'data'));
  assert.deepEqual(config.database, { kind: 'sqlite', file: join(sub, 'db/wiki.sqlite') });
  assert.deepEqual(config.mail.tls, { keyFile: join(sub, 'key.pem'), certFile: join(sub, 'cert.pem') });
  assert.equal(loadDeploymentConfig({ env: { FEUILLET_DATA: 'state' }, cwd: folder.dir }).dataDir, join(folder.dir, 'state'));
  assert.equal(loadDeploymentConfig({ env: {}, flags: { data: 'other' }, cwd: folder.dir }).dataDir, join(folder.dir, 'other'));
});

test('the database is SQLite by path or PostgreSQL by postgres:// address; other addresses are refused', () => {
  assert.deepEqual(loadDeploymentConfig({ env: { FEUILLET_DATABASE_URL: 'postgresql://wiki:pw@db.example.org:5432/wiki' } }).database, { kind: 'postgres', url: 'postgresql://wiki:pw@db.example.org:5432/wiki' });
  assert.deepEqual(loadDeploymentConfig({ env: { FEUILLET_DATABASE_URL: '/var/lib/feuillet/x.sqlite' } }).database, { kind: 'sqlite', file: '/var/lib/feuillet/x.sqlite' });
  const error = configError(() => loadDeploymentConfig({ env: { FEUILLET_DATABASE_URL: 'mysql://root:hunter2@db/wiki' } }));
  assert.equal(error.file, 'FEUILLET_DATABASE_URL');
  assert.doesNotMatch(error.message, /hunter2/, 'the database address may hold a password: never repeated');
});

test('named files must exist', () => {
  const file = folder.write('tls.yml', 'mail:\n  tls:\n    key_file: missing.key\n    cert_file: missing.pem\n');
  const error = configError(() => loadDeploymentConfig({ file, env: {} }));
  assert.equal(error.line, 3);
  assert.equal(error.problems.length, 2);
  assert.match(error.message, /missing\.key/);
  const folderAsFile = folder.write('tls-folder.yml', `mail:\n  tls:\n    key_file: ${folder.dir}\n    cert_file: ${folder.dir}\n`);
  assert.equal(configError(() => loadDeploymentConfig({ file: folderAsFile, env: {} })).problems.length, 2, 'a folder is not a file');
});

test('ports are integers from 0 to 65535, wherever they come from', () => {
  for (const bad of ['-1', '65536', '80.5', '0x50', 'http', '1e3', ' ']) {
    const error = configError(() => loadDeploymentConfig({ env: {}, flags: { port: bad } }));
    assert.equal(error.file, '--port', bad);
  }
  assert.equal(loadDeploymentConfig({ env: {}, flags: { port: 0 } }).server.port, 0);
  assert.equal(loadDeploymentConfig({ env: {}, flags: { port: '65535' } }).server.port, 65535);
  const file = folder.write('ports.yml', 'server:\n  port: 65536\n');
  assert.equal(configError(() => loadDeploymentConfig({ file, env: {} })).line, 2);
  const quoted = folder.write('quoted-port.yml', 'server:\n  port: "8080"\n');
  assert.match(configError(() => loadDeploymentConfig({ file: quoted, env: {} })).message, /server\.port/, 'a port written as text in the file is a wrong type');
});

test('booleans from the environment accept true/false, 1/0, yes/no, oui/non; the file wants real booleans', () => {
  for (const [text, value] of [['TRUE', true], ['0', false], ['no', false], ['oui', true], ['off', false]] as const) {
    assert.equal(loadDeploymentConfig({ env: { FEUILLET_AUTH_REGISTRATION: text } }).auth.registration, value, text);
  }
  assert.equal(configError(() => loadDeploymentConfig({ env: { FEUILLET_AUTH_REGISTRATION: 'maybe' } })).file, 'FEUILLET_AUTH_REGISTRATION');
  const file = folder.write('bool.yml', 'auth:\n  registration: "yes"\n');
  assert.equal(configError(() => loadDeploymentConfig({ file, env: {} })).line, 2);
});

test('settings that only make sense together are checked together', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ FEUILLET_MAIL_TLS_KEY_FILE: fileURLToPath(import.meta.url) }, /mail\.tls\.cert_file/],
    [{ FEUILLET_RELAY_PASSWORD: 'pw', FEUILLET_MAIL_RELAY_HOST: 'relay' }, /mail\.relay\.user/],
    [{ FEUILLET_MAIL_RELAY_PORT: '25' }, /mail\.relay\.host/],
    [{ FEUILLET_AUTH_OIDC_CLIENT_ID: 'x' }, /auth\.oidc\.issuer/],
    [{ FEUILLET_MAIL_SMTP_HOST: '0.0.0.0' }, /mail\.smtp\.port/],
    [{ FEUILLET_SMTP_PORT: '8080' }, /server/],
    [{ FEUILLET_SMTP_PORT: '2525', FEUILLET_LMTP_PORT: '2525' }, /mail\.smtp/],
    [{ FEUILLET_AUTH_OIDC_SCOPES: 'email profile', FEUILLET_AUTH_OIDC_ISSUER: 'https://sso.example.org/', FEUILLET_AUTH_OIDC_CLIENT_ID: 'x' }, /openid/],
  ];
  for (const [env, expected] of cases) {
    const error = configError(() => loadDeploymentConfig({ env }));
    assert.match(error.message, expected, JSON.stringify(env));
  }
  assert.ok(loadDeploymentConfig({ env: { FEUILLET_SMTP_PORT: '8080', FEUILLET_MAIL_SMTP_HOST: '::1' } }).mail.smtp, 'the same port on another address is fine');
  assert.ok(loadDeploymentConfig({ env: { FEUILLET_SMTP_PORT: '0', FEUILLET_LMTP_PORT: '0' } }).mail.lmtp, 'port 0 (any free port) twice is fine');
});

test('secrets never appear in messages', () => {
  const file = folder.write('secrets.yml', 'mail:\n  relay:\n    host: relay\n    user: u\n    password: [hunter2]\nauth:\n  oidc:\n    client_secret: 123456789\n');
  const error = configError(() => loadDeploymentConfig({ file, env: {} }));
  assert.deepEqual(error.problems.map((problem) => problem.line), [5, 8]);
  assert.doesNotMatch(error.message, /hunter2|123456789/);
  const fromEnv = configError(() => loadDeploymentConfig({ env: { FEUILLET_RELAY_PASSWORD: 'line\nbreak-hunter2' } }));
  assert.doesNotMatch(fromEnv.message, /hunter2/);
});

test('git settings refuse what could reach git as an option or leave the repository', () => {
  for (const ref of ['--upload-pack=touch /tmp/x', 'a..b', 'a b', 'refs/heads/x.lock', 'x~1']) {
    assert.equal(configError(() => loadDeploymentConfig({ env: {}, flags: { ref } })).file, '--ref', ref);
  }
  for (const root of ['../x', 'docs/../../x', '.git', 'a/.GIT/b']) {
    assert.equal(configError(() => loadDeploymentConfig({ env: {}, flags: { root } })).file, '--root', root);
  }
  assert.equal(loadDeploymentConfig({ env: {}, flags: { ref: 'feature/wiki-2' } }).git.ref, 'feature/wiki-2');
});

test('every problem of every source is reported at once, each FILE:LINE: French / English', () => {
  const file = folder.write('many.yml', 'server:\n  port: nine\n  hots: x\nauth:\n  private: 1\n');
  const error = configError(() => loadDeploymentConfig({ file, env: { FEUILLET_MAIL_MAX_BYTES: 'big' }, flags: { 'smtp-port': 'x' } }));
  const lines = error.message.split('\n');
  assert.equal(lines.length, 5);
  assert.equal(lines[0], `${file}:3: clé inconnue « server.hots » (vouliez-vous dire server.host ?) / unknown key "server.hots" (did you mean server.host?)`);
  assert.match(lines[1]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: server\\.port doit être .* / server\\.port must be `));
  assert.match(lines[2]!, /:5: auth\.private /);
  assert.match(lines[3]!, /^FEUILLET_MAIL_MAX_BYTES: mail\.max_bytes /);
  assert.match(lines[4]!, /^--smtp-port: mail\.smtp\.port /);
  assert.equal(error.file, file);
  assert.equal(error.line, 3);
});
