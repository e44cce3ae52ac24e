import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { git, makeRepo } from '../helpers/repo.js';

// The CLI is tested as users run it: the compiled command (`npm test` builds first).
const BIN = fileURLToPath(new URL('../../bin/feuillet.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'feuillet-cli-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'fr_FR.UTF-8', ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `feuillet serve` and resolves with the URL it prints. */
function serve(args: string[]): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /https?:\/\/\S+/.exec(out)?.[0];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

test('check prints one path:line: message per problem and --strict sets the exit status', () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n\n[cassé](absente.md)\n\n[ancre](#nulle)\n', 'ok.md': '---\ntitle: [\n---\n' });
  try {
    const plain = run(['check', repo.dir]);
    assert.equal(plain.code, 0);
    const lines = plain.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(': ')[0]),
      ['index.md:3', 'index.md:5', 'ok.md:2'],
    );
    assert.match(lines[0] ?? '', /lien cassé : absente\.md/);
    assert.equal(run(['check', repo.dir, '--strict']).code, 1);
    assert.match(run(['check', repo.dir], { LANG: 'en_GB.UTF-8' }).stdout, /broken link: absente\.md/);
  } finally {
    repo.cleanup();
  }
});

test('errors a user can hit are one clear sentence, no stack trace, non-zero status', async () => {
  const empty = join(temp, 'vide');
  mkdirSync(empty);
  git(empty, ['init', '--quiet']);
  const repo = makeRepo({ 'index.md': '# A\n' });
  try {
    const cases: [string[], RegExp][] = [
      [['check', join(temp, 'nowhere')], /Dossier introuvable/],
      [['check', empty], /aucun commit|no commit/],
      [['check', repo.dir, '--ref', 'nope'], /Branche ou révision inconnue/],
      [['check', repo.dir, '--ref=--upload-pack=touch /tmp/x'], /pas un nom de branche/],
      [['check', repo.dir, '--root', 'absent'], /n'existe pas/],
      [['frobnicate'], /Commande inconnue/],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const busy = run(['serve', repo.dir, '--port', String(port)]);
    blocker.close();
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /déjà utilisé/);
  } finally {
    repo.cleanup();
  }
});

test('init makes a folder a git repository with a first commit, and serve reads it', async () => {
  const dir = join(temp, 'nouveau-wiki');
  const result = run(['init', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(join(dir, '.git')));
  assert.match(git(dir, ['log', '--oneline']), /Premier commit/);
  assert.equal(run(['init', dir]).code, 2, 'a second init is refused');
  const server = await serve([dir, '--port', '0']);
  try {
    const response = await fetch(server.url);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Bienvenue/);
  } finally {
    server.stop();
  }
});

test('a folder that is not a git repository is served from its files, with a notice', async () => {
  const dir = join(temp, 'fichiers');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.md'), '# Brouillon\n');
  const server = await serve([dir, '--port', '0']);
  try {
    const html = await (await fetch(server.url)).text();
    assert.match(html, /Brouillon/);
    assert.match(html, /site-notice/);
  } finally {
    server.stop();
  }
});

test('with no repository, serve shows the bundled manual', async () => {
  const server = await serve(['--port', '0']);
  try {
    const response = await fetch(server.url);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Feuillet/);
  } finally {
    server.stop();
  }
});

test('a config file with a wrong key is refused with its file and line; the wiki settings apply', async () => {
  const repo = makeRepo({ 'index.md': '# A\n', '.feuillet.yml': 'title: Wiki de test\nlicence: { name: Licence Ouverte 2.0, url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" }\naccessibility: sans-valeur\n' });
  const config = join(temp, 'feuillet.yml');
  writeFileSync(config, 'server:\n  port: 8080\n  colour: bleu\n');
  try {
    const refused = run(['serve', repo.dir, '--config', config]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: `));
    const checked = run(['check', repo.dir]);
    assert.match(checked.stdout, /\.feuillet\.yml:3: /, 'settings problems are reported by check');
    const server = await serve([repo.dir, '--port', '0']);
    try {
      const html = await (await fetch(server.url)).text();
      assert.match(html, /<title>Wiki de test<\/title>/);
      assert.match(html, /Licence Ouverte 2\.0/);
    } finally {
      server.stop();
    }
  } finally {
    repo.cleanup();
  }
});
