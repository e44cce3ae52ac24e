// Found while reading the code (reliability issue, item 6): `feuillet serve` gave the account services no
// mail sender, so confirmations, password resets and access requests went to the outbox folder even
// with mail.relay configured. A real `feuillet serve` with a relay on loopback (smtp-server) is asked for
// a password reset through its web form: the mail reaches the relay, from mail.relay.from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { makeRepo } from '../helpers/repo.js';
import { WebClient } from '../helpers/web-client.js';
import { cliArgs, startServe } from '../cli/serve-process.js';

const ISOLATED = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

interface Relayed {
  from: string;
  to: string[];
  raw: Buffer;
}

async function startRelay(): Promise<{ port: number; received: Relayed[]; close(): Promise<void> }> {
  const received: Relayed[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('account mail from feuillet serve goes through mail.relay, not into the outbox', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  const relay = await startRelay();
  try {
    const added = spawnSync(process.execPath, cliArgs(['user', 'add', 'ana@example.org', '--repo', repo.dir]), { encoding: 'utf8', env: { ...process.env, ...ISOLATED } });
    assert.equal(added.status, 0, added.stderr);
    const server = await startServe([repo.dir], {
      ...ISOLATED,
      FEUILLET_MAIL_RELAY_HOST: '127.0.0.1',
      FEUILLET_MAIL_RELAY_PORT: String(relay.port),
      FEUILLET_MAIL_RELAY_FROM: 'Wiki des logiciels libres <wiki@example.org>',
    });
    try {
      const client = new WebClient(server.url);
      const asked = await client.submit(await client.open('/-/password'), '/-/password', { email: 'ana@example.org' });
      assert.ok(asked.status < 400, `asked for a reset: ${asked.status}`);
    } finally {
      await server.stop();
    }
    assert.equal(relay.received.length, 1, 'one mail reached the relay');
    const [mail] = relay.received;
    assert.equal(mail!.from, 'wiki@example.org', 'the envelope sender is the address of mail.relay.from');
    assert.deepEqual(mail!.to, ['ana@example.org']);
    const parsed = await simpleParser(mail!.raw);
    assert.equal(parsed.from?.value[0]?.name, 'Wiki des logiciels libres');
    assert.match(parsed.text ?? '', /\/-\/password\/reset\?token=/);
    const outbox = join(repo.dir, '.git', 'feuillet', 'outbox');
    assert.deepEqual(existsSync(outbox) ? readdirSync(outbox).filter((name) => name.endsWith('.eml')) : [], [], 'nothing waits in the outbox');
  } finally {
    await relay.close();
    repo.cleanup();
  }
});
