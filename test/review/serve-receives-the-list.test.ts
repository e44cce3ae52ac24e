/**
 * `feuillet serve REPO --smtp-port N` receives the list's mail itself: a patch sent to the list address
 * becomes a change on /-/review/ while the server runs, with no other setting than the defaults
 * (the list is NAME@lists.localhost, the prefix NAME, NAME the repository folder's name).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import nodemailer from 'nodemailer';
import { PREFIX, reviewWorld, withoutEnvelope } from './desk-fixture.js';

const CLI = fileURLToPath(new URL('./feuillet-cli.ts', import.meta.url));

test('a patch mailed to the SMTP port of feuillet serve shows as a proposed change', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  await world.db.close();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', world.repo, '--host', '127.0.0.1', '--port', '0', '--smtp-port', '0'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  try {
    let output = '';
    const ready = await new Promise<{ url: string; smtp: number }>((resolve, reject) => {
      const look = () => {
        const url = /https?:\/\/\S+/.exec(output)?.[0];
        const smtp = /SMTP sur \/ on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
        if (url && smtp) resolve({ url: url.replace(/\/$/, ''), smtp: Number(smtp) });
      };
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        look();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
    });
    assert.match(output, new RegExp(`Liste ${PREFIX}@lists\\.localhost`));

    world.contributor.commit('Une nouvelle page', { 'nouvelle.md': '# Nouvelle\n' });
    const [patch] = world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ready.smtp, secure: false, ignoreTLS: true });
    const refused = await transport.sendMail({ envelope: { from: 'elodie@example.org', to: ['autre@localhost'] }, raw: withoutEnvelope(patch!) }).catch((error: Error) => error);
    assert.ok(refused instanceof Error, 'mail for another address was accepted');
    await transport.sendMail({ envelope: { from: 'elodie@example.org', to: [`${PREFIX}@lists.localhost`] }, raw: withoutEnvelope(patch!) });
    transport.close();

    let page = '';
    for (let i = 0; i < 100 && !page.includes('Une nouvelle page'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = await (await fetch(`${ready.url}/-/review/`)).text();
    }
    assert.match(page, /Une nouvelle page/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    // The database was closed before the server opened it.
    world.opened.source.close();
    rmSync(world.parent, { recursive: true, force: true });
  }
});
