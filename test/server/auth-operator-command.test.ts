// `feuillet user …`: the operator makes the first admin and manages accounts from the command line, on
// the database the server uses (the repository's data folder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { findUserByEmail } from '../../src/auth/accounts.js';
import { openDatabase } from '../../src/store/open.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';

async function run(t: { mock: { method: (o: object, m: string, f: (...a: unknown[]) => void) => unknown } }, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = (...parts: unknown[]) => (out += `${parts.join(' ')}\n`);
  t.mock.method(console, 'log', capture);
  t.mock.method(console, 'error', capture);
  const code = await main(argv);
  return { code, out };
}

test('user add, list, role, disable and enable work on the wiki’s own database', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  t.after(() => repo.cleanup());
  const added = await run(t, ['user', 'add', 'Admin@Example.org', '--role', 'admin', '--name', 'Alex Admin', '--repo', repo.dir]);
  assert.equal(added.code, 0, added.out);
  assert.match(added.out, /Compte créé \/ account created: Admin@example\.org \(admin\)/);
  assert.match(added.out, /\/-\/password\/reset\?token=[A-Za-z0-9_-]{43}/);
  assert.equal((await run(t, ['user', 'add', 'zoe@example.org', '--repo', repo.dir])).code, 0);

  const listed = await run(t, ['user', 'list', '--repo', repo.dir]);
  assert.match(listed.out, /Admin@example\.org\tadmin\tactif\/active\tAlex Admin/);
  assert.match(listed.out, /zoe@example\.org\tcontributor/);

  assert.equal((await run(t, ['user', 'role', 'ZOE@example.org', 'writer', '--repo', repo.dir])).code, 0);
  assert.equal((await run(t, ['user', 'disable', 'zoe@example.org', '--repo', repo.dir])).code, 0);
  const opened = await openWiki({ repo: repo.dir });
  opened.source.close();
  const db = await openDatabase({ dataDir: opened.dataDir });
  t.after(() => db.close());
  const zoe = await findUserByEmail(db, 'zoe@example.org');
  assert.equal(zoe?.role, 'writer');
  assert.equal(zoe?.disabled, true);
  assert.equal((await run(t, ['user', 'enable', 'zoe@example.org', '--repo', repo.dir])).code, 0);
});

test('mistakes get one clear sentence and a non-zero status', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  t.after(() => repo.cleanup());
  const badRole = await run(t, ['user', 'add', 'a@example.org', '--role', 'chef', '--repo', repo.dir]);
  assert.equal(badRole.code, 1);
  assert.match(badRole.out, /Rôle inconnu : chef/);
  const twice = await run(t, ['user', 'add', 'b@example.org', '--repo', repo.dir]);
  assert.equal(twice.code, 0);
  const again = await run(t, ['user', 'add', 'B@example.org', '--repo', repo.dir]);
  assert.equal(again.code, 1);
  assert.match(again.out, /Un compte existe déjà/);
  const unknown = await run(t, ['user', 'disable', 'nobody@example.org', '--repo', repo.dir]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.out, /Aucun compte pour nobody@example\.org/);
  const lastAdmin = await run(t, ['user', 'add', 'root@example.org', '--role', 'admin', '--repo', repo.dir]);
  assert.equal(lastAdmin.code, 0);
  const demote = await run(t, ['user', 'role', 'root@example.org', 'reader', '--repo', repo.dir]);
  assert.equal(demote.code, 1);
  assert.match(demote.out, /dernier compte administrateur/);
  assert.equal((await run(t, ['user', 'frobnicate', '--repo', repo.dir])).code, 2);
});
