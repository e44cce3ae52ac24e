/**
 * The workflow of the model page, end to end with the real tools: a contributor sends a v2 series
 * (cover letter and three patches: a page with an accented name, a binary file, a CRLF file, a rename)
 * with `git send-email` to Feuillet's SMTP server on loopback; the maintainer applies it from the change's
 * web page; the branch's
 * tree is byte for byte the contributor's, and the same as `git am -3` gives on a clone from the change's
 * mbox download.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listChanges } from '../../src/review/changes.js';
import { startListReceivers } from '../../src/review/receivers.js';
import { changeMbox } from '../../src/review/series-mails.js';
import { CONTRIBUTOR, PREFIX, reviewWorld, run, serveWorld } from './desk-fixture.js';

function sendEmailAvailable(): boolean {
  const execPath = execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();
  return existsSync(join(execPath, 'git-send-email'));
}

const execFileAsync = promisify(execFile);
const LIST_ADDRESS = 'logiciels-libres@listes.example.org';
const missing = !sendEmailAvailable() && process.env.CI !== 'true';

test('a v2 series sent with git send-email to the SMTP server applies to the contributor’s exact tree', { skip: missing && 'needs git send-email (Debian package git-email)' }, async () => {
  // git send-email refuses an address whose domain has no dot, such as the default NAME@localhost.
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n', 'notes.md': 'un\r\ndeux\r\n', 'vieux.md': '# Vieux\n' }, { listAddress: LIST_ADDRESS });
  const receivers = await startListReceivers(world.desk, { maxBytes: 10 * 1024 * 1024, smtp: { host: '127.0.0.1', port: 0 } }, world.opened.dataDir);
  try {
    const c = world.contributor;
    const png = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 31 + 7) % 256));
    c.commit('Ajoute la page « Réunions à l’été »\n\nAvec le logo.\n\nSigned-off-by: Élodie Dupré <elodie@example.org>', {
      'réunions/été à Paris.md': '# Réunions\n\nVoir [l’accueil](../index.md).\n',
      'docs/logo.png': png,
    });
    c.commit('Corrige les notes (fin de lignes CRLF)', { 'notes.md': 'un\r\nDEUX\r\ntrois\r\n' });
    mkdirSync(join(c.dir, 'archives'));
    c.git(['mv', 'vieux.md', 'archives/ancien.md']);
    c.git(['commit', '--quiet', '-m', 'Range l’ancienne page dans les archives']);
    const wanted = run(c.dir, ['rev-parse', 'HEAD^{tree}']).trim();
    const files = c.formatPatch(['--cover-letter', '-v2', `--subject-prefix=PATCH ${PREFIX}`, 'HEAD~3']).map((mail, i) =>
      i === 0 ? Buffer.from(mail.toString('utf8').replace('*** SUBJECT HERE ***', 'Réunions, notes et archives').replace('*** BLURB HERE ***', 'Trois changements.')) : mail,
    );
    const paths = files.map((mail, i) => {
      const path = join(world.parent, `envoi-${i}.patch`);
      writeFileSync(path, mail);
      return path;
    });
    // Not execFileSync: the SMTP server runs in this process and must answer while git talks to it.
    await execFileAsync('git', [
      'send-email',
      '--quiet',
      '--confirm=never',
      '--suppress-cc=all',
      `--from=${CONTRIBUTOR.name} <${CONTRIBUTOR.email}>`,
      `--to=${LIST_ADDRESS}`,
      '--smtp-server=127.0.0.1',
      `--smtp-server-port=${receivers.smtp?.port}`,
      ...paths,
    ], { cwd: c.dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_COMMITTER_NAME: CONTRIBUTOR.name, GIT_COMMITTER_EMAIL: CONTRIBUTOR.email, GIT_AUTHOR_NAME: CONTRIBUTOR.name, GIT_AUTHOR_EMAIL: CONTRIBUTOR.email } });
    // Acknowledged once stored; processed just after: wait for the four messages.
    for (let i = 0; i < 200 && (await listChanges(world.db)).changes[0]?.series.patches.length !== 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const change = (await listChanges(world.db)).changes[0];
    assert.ok(change, 'no change was made from the mails');
    assert.equal(change.title, 'Réunions, notes et archives');
    assert.equal(change.version, 2);
    assert.equal(change.complete, true);
    assert.deepEqual(change.prefixes, [PREFIX]);
    assert.equal(change.series.coverLetter?.text.trim().startsWith('Trois changements.'), true);

    // The mbox download, applied by hand on a clone of the wiki as the page suggests.
    const clone = join(world.parent, 'clone-am');
    run(world.parent, ['clone', '--quiet', world.repo, clone]);
    run(clone, ['am', '-3', '--keep-cr'], { GIT_COMMITTER_NAME: 'M', GIT_COMMITTER_EMAIL: 'm@example.org' }, await changeMbox(world.desk, change));
    assert.equal(run(clone, ['rev-parse', 'HEAD^{tree}']).trim(), wanted);

    // The maintainer applies from the change's page.
    const server = await serveWorld(world);
    try {
      const maintainer = await server.signIn('maia@example.org', 'maintainer', 'Maïa Mainteneuse');
      const applied = await server.post(`/-/review/${change.number}/apply`, { _csrf: maintainer.csrf }, maintainer.cookie);
      assert.equal(applied.status, 303, await applied.text());
    } finally {
      await server.close();
    }
    assert.equal(run(world.repo, ['rev-parse', 'main^{tree}']).trim(), wanted);
    assert.equal(run(world.repo, ['show', 'main:notes.md']), 'un\r\nDEUX\r\ntrois\r\n');
    assert.deepEqual(run(world.repo, ['log', '--format=%an <%ae>|%s', 'main~3..main']).trim().split('\n'), [
      'Élodie Dupré <elodie@example.org>|Range l’ancienne page dans les archives',
      'Élodie Dupré <elodie@example.org>|Corrige les notes (fin de lignes CRLF)',
      'Élodie Dupré <elodie@example.org>|Ajoute la page « Réunions à l’été »',
    ]);
  } finally {
    await receivers.close();
    await world.cleanup();
  }
});
