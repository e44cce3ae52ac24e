// Reliability suite, faults (b): SIGKILL of `feuillet serve` while messages arrive over SMTP. Every
// message the server answered 250 must be in the archive after a restart (the spool's new/ is handed
// over again at start), and the repository stays sound. Real processes, real SMTP, real SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import nodemailer from 'nodemailer';
import { openDatabase } from '../../src/store/open.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';
import { startServe } from '../cli/serve-process.js';
import { smtpPort } from './crash-fixture.js';

const MESSAGES = 40;

function patchMail(i: number, list: string): string {
  const diff = `diff --git a/page-${i}.md b/page-${i}.md\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/page-${i}.md\n@@ -0,0 +1 @@\n+# Page ${i}\n`;
  return `From: Élodie <elodie@example.org>\r\nTo: ${list}\r\nSubject: [PATCH wiki] Ajoute la page ${i}\r\nMessage-ID: <kill-${i}@example.org>\r\nDate: ${new Date().toUTCString()}\r\n\r\nLa page ${i}.\r\n---\r\n${diff.replace(/\n/g, '\r\n')}-- \r\n2.39.5\r\n`;
}

test('a server killed while mail arrives has, once restarted, every message it acknowledged', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  try {
    const first = await startServe([repo.dir, '--smtp-port', '0']);
    const { port, list } = await smtpPort(first);
    const acknowledged: string[] = [];
    const sending = Array.from({ length: MESSAGES }, async (_, i) => {
      // One connection per message, a few at a time: some are answered, some cut by the kill.
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 5000 });
      try {
        const info = await transport.sendMail({ envelope: { from: 'elodie@example.org', to: [list] }, raw: patchMail(i, list) });
        if (/^250 /.test(info.response)) acknowledged.push(`kill-${i}@example.org`);
        if (acknowledged.length === MESSAGES / 2) process.kill(first.pid, 'SIGKILL');
      } catch {
        // cut by the kill: not acknowledged, may be lost (the sender retries)
      } finally {
        transport.close();
      }
    });
    await Promise.all(sending);
    await first.ended;
    assert.ok(acknowledged.length >= MESSAGES / 2, `${acknowledged.length} acknowledged before the kill`);

    const second = await startServe([repo.dir, '--smtp-port', '0']);
    await smtpPort(second); // listening: what was pending was handed over first
    await second.stop();

    const opened = await openWiki({ repo: repo.dir });
    const db = await openDatabase({ dataDir: opened.dataDir });
    try {
      const archived = new Set((await db.all<{ message_id: string }>('SELECT message_id FROM list_messages')).map((row) => row.message_id));
      assert.deepEqual(acknowledged.filter((id) => !archived.has(id)), [], 'every acknowledged message is archived');
      const changes = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM changes'))?.n ?? 0;
      assert.ok(changes >= acknowledged.length, `each archived patch is a proposed change (${changes})`);
    } finally {
      await db.close();
      await opened.source.close();
    }
    execFileSync('git', ['fsck', '--no-progress'], { cwd: repo.dir, stdio: 'pipe' });
  } finally {
    repo.cleanup();
  }
});
