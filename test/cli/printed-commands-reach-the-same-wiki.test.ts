/**
 * What the commands print for the user to follow leads to the same wiki and database as the server:
 * serve's "no admin yet" hint keeps its --config, user add's password link says which address it uses,
 * and apply's mail comes from the wiki's list address.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { git, makeRepo } from '../helpers/repo.js';
import { cliArgs, startServe } from './serve-process.js';

const ISOLATED = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function feuillet(args: string[]) {
  const result = spawnSync(process.execPath, cliArgs(args), { encoding: 'utf8', env: { ...process.env, ...ISOLATED, LANG: 'fr_FR.UTF-8', LC_ALL: '' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the admin hint of serve, followed as printed, makes the admin in the database the server uses', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  const config = join(repo.dir, '..', 'feuillet.yml');
  writeFileSync(config, 'data_dir: donnees\n');
  const server = await startServe([repo.dir, '--config', config], ISOLATED);
  let hint: string;
  try {
    const output = await server.waitFor(/« feuillet user add [^»]*»/);
    hint = /« feuillet (user add [^»]*) »/.exec(output)![1]!;
  } finally {
    await server.stop();
  }
  try {
    assert.match(hint, /--config \S*feuillet\.yml/);
    const words = hint.split(' ').map((word) => (word === 'ADRESSE' ? 'admin@example.org' : word));
    const added = feuillet(words);
    assert.equal(added.code, 0, added.stderr);
    assert.ok(existsSync(join(repo.dir, '..', 'donnees')), 'the data folder of the config');
    assert.match(feuillet(['user', 'list', '--repo', repo.dir, '--config', config]).stdout, /^admin@example\.org\tadmin\t/m);
  } finally {
    repo.cleanup();
  }
});

test('user add uses the public address for the password link, and says when it cannot', () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  try {
    const guessed = feuillet(['user', 'add', 'a@example.org', '--repo', repo.dir]);
    assert.equal(guessed.code, 0, guessed.stderr);
    assert.match(guessed.stdout, /^http:\/\/127\.0\.0\.1:8080\/-\/password\/reset\?token=\S+$/m);
    assert.match(guessed.stdout, /serve --port/);
    assert.match(guessed.stdout, /--public-url/);
    const given = feuillet(['user', 'add', 'b@example.org', '--repo', repo.dir, '--public-url', 'https://wiki.example.org/']);
    assert.match(given.stdout, /^https:\/\/wiki\.example\.org\/-\/password\/reset\?token=\S+$/m);
    assert.doesNotMatch(given.stdout, /serve --port/);
  } finally {
    repo.cleanup();
  }
});

test('apply, run without the server, mails the author from the list address of the wiki’s settings', () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', '.feuillet.yml': 'list_address: liste@listes.example.org\n' }, 'monwiki');
  try {
    git(repo.dir, ['config', 'user.name', 'Maïa']);
    git(repo.dir, ['config', 'user.email', 'maia@example.org']);
    const contributor = join(repo.dir, '..', 'copie');
    git(join(repo.dir, '..'), ['clone', '--quiet', repo.dir, contributor]);
    writeFileSync(join(contributor, 'b.md'), '# B\n');
    git(contributor, ['add', 'b.md']);
    git(contributor, ['commit', '--quiet', '-m', 'Ajoute b'], { GIT_AUTHOR_NAME: 'Élodie', GIT_AUTHOR_EMAIL: 'elodie@example.org' });
    const mbox = join(repo.dir, '..', 'p.mbox');
    writeFileSync(mbox, git(contributor, ['format-patch', '--stdout', '--subject-prefix=PATCH monwiki', '-1']));
    assert.equal(feuillet(['import-mbox', mbox, repo.dir]).code, 0);
    const applied = feuillet(['apply', '1', repo.dir]);
    assert.equal(applied.code, 0, applied.stderr);
    const outbox = join(repo.dir, '.git', 'feuillet', 'outbox');
    const mails = readdirSync(outbox).map((name) => readFileSync(join(outbox, name), 'utf8'));
    assert.equal(mails.length, 1);
    assert.match(mails[0]!, /^From: monwiki <liste@listes\.example\.org>$/m);
  } finally {
    repo.cleanup();
  }
});
