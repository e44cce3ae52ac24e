/**
 * Maintainers work from the command line on the same data folder as a running server: import an
 * archive (mbox or Maildir; twice adds nothing), list changes one per line, show one with its diff,
 * apply it; the server's own desk sees every step.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { listChanges } from '../../src/review/changes.js';
import { CONTRIBUTOR, PREFIX, reviewWorld, run, withoutEnvelope } from './desk-fixture.js';

const CLI = fileURLToPath(new URL('./feuillet-cli.ts', import.meta.url));

/** The command in its own process (as a maintainer runs it next to the server), asynchronously. */
function feuillet(args: string[], _cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // From the project's folder, where `--import tsx` finds its package.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('import-mbox twice, changes, show and apply work beside a running desk', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' });
  try {
    world.contributor.commit('Ajoute la page Réunions', { 'réunions.md': '# Réunions\n\nLe mardi.\n' });
    world.contributor.commit('Lien vers les réunions', { 'index.md': '# Accueil\n\nBienvenue. Voir [les réunions](réunions.md).\n' });
    const mbox = join(world.parent, 'archive.mbox');
    writeFileSync(mbox, run(world.contributor.dir, ['format-patch', '--stdout', '--thread=shallow', '--cover-letter', `--subject-prefix=PATCH ${PREFIX}`, 'HEAD~2'], { GIT_COMMITTER_NAME: CONTRIBUTOR.name, GIT_COMMITTER_EMAIL: CONTRIBUTOR.email }).replace('*** SUBJECT HERE ***', 'Les réunions'));

    const first = await feuillet(['import-mbox', mbox, world.repo], world.parent);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^3 message\(s\) added, 0 already there, 0 unreadable, 0 patch\(es\) refused; 1 new change\(s\)/m);
    const second = await feuillet(['import-mbox', mbox, world.repo], world.parent);
    assert.match(second.stderr, /^0 message\(s\) added, 3 already there/m);

    const listed = await feuillet(['changes', world.repo], world.parent);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout, '1 proposed v1 Les réunions — Élodie Dupré <elodie@example.org>\n');
    assert.equal((await feuillet(['changes', world.repo, '--state', 'applied'], world.parent)).stdout, '');

    const shown = await feuillet(['show', '1', world.repo], world.parent);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^\[1\/2\] Ajoute la page Réunions — Élodie Dupré <elodie@example.org>$/m);
    assert.match(shown.stdout, /^\+Le mardi\.$/m);

    // The server's desk, open all along, sees what the command imported.
    await world.desk.regroup();
    assert.equal((await listChanges(world.db)).changes[0]?.number, 1);

    const refused = await feuillet(['apply', '1', world.repo], world.parent);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /git identity/);
    run(world.repo, ['config', 'user.email', 'maia@example.org']);
    const applied = await feuillet(['apply', '1', world.repo], world.parent);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /^\[2\/2\] [0-9a-f]{40} Lien vers les réunions$/m);
    assert.equal(run(world.repo, ['log', '-1', '--format=%an|%cn <%ce>', 'main']).trim(), 'Élodie Dupré|Maïa Mainteneuse <maia@example.org>');
    assert.equal((await listChanges(world.db)).changes[0]?.state, 'applied');
    assert.match((await feuillet(['apply', '1', world.repo], world.parent)).stderr, /already applied/);
  } finally {
    await world.cleanup();
  }
});

test('import-maildir reads new/ and cur/ and refuses a folder that is not a Maildir', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  try {
    world.contributor.commit('Une page', { 'page.md': '# Page\n' });
    const [mail] = world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']);
    const maildir = join(world.parent, 'Maildir');
    for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(maildir, folder), { recursive: true });
    writeFileSync(join(maildir, 'cur', '1717315200.M1P1.host:2,S'), withoutEnvelope(mail!));
    writeFileSync(join(maildir, 'new', '1717315300.M2P1.host'), 'From: Quelqu’un <q@example.org>\nSubject: Bonjour\nMessage-ID: <bonjour@example.org>\n\nBonjour la liste.\n');
    const imported = await feuillet(['import-maildir', maildir, world.repo], world.parent);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /^2 message\(s\) added/m);
    assert.equal((await feuillet(['changes', world.repo], world.parent)).stdout, '1 proposed v1 Une page — Élodie Dupré <elodie@example.org>\n');
    const wrong = await feuillet(['import-maildir', world.parent, world.repo], world.parent);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /not a Maildir/);
  } finally {
    await world.cleanup();
  }
});
