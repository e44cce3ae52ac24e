import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessage, type ParsedMessage } from '../../src/mail/message.js';
import { senderOf, sendOrSpool, type OutgoingMessage } from '../../src/mail/outbox.js';
import { startMailReceiver, type StoredMessage } from '../../src/mail/receiver.js';
import { LIST } from './fixtures/git-patches.js';

const MESSAGE: OutgoingMessage = {
  from: { name: 'Wiki Feuillet', address: 'wiki@example.org' },
  to: [{ name: 'Liste', address: LIST }],
  subject: 'Re: [PATCH logiciels-libres 1/2] Été',
  text: 'Appliqué, merci !\n',
  inReplyTo: 'patch-1@example.org',
  references: ['cover@example.org', 'patch-1@example.org'],
  headers: { 'X-Feuillet-Update': 'APPLIED' },
};

function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-outbox-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function parsedFile(path: string): Promise<ParsedMessage> {
  const result = await parseMessage(readFileSync(path));
  assert.equal(result.kind, 'message');
  return result as ParsedMessage;
}

test('without a relay the message is written to the outbox as an .eml file, whole', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const outbox = join(dir, 'outbox');
    const result = await sendOrSpool(MESSAGE, undefined, outbox);
    assert.equal(result.kind, 'spooled');
    if (result.kind !== 'spooled') return;
    assert.match(result.reason.fr, /relais/);
    assert.deepEqual(readdirSync(outbox), [result.path.slice(outbox.length + 1)]);
    assert.match(result.path, /\.eml$/);
    const mail = await parsedFile(result.path);
    assert.equal(mail.subject, MESSAGE.subject);
    assert.equal(mail.messageId, result.messageId);
    assert.equal(mail.inReplyTo, 'patch-1@example.org');
    assert.deepEqual(mail.references, ['cover@example.org', 'patch-1@example.org']);
    assert.equal(mail.headers.feuilletUpdate, 'APPLIED');
    assert.deepEqual(mail.from, MESSAGE.from);
    const second = await sendOrSpool({ ...MESSAGE, subject: 'deuxième' }, undefined, outbox);
    assert.equal(readdirSync(outbox).sort().at(-1), second.kind === 'spooled' ? second.path.slice(outbox.length + 1) : '', 'names sort by time');
  } finally {
    cleanup();
  }
});

test('with a relay the message is sent over SMTP', async () => {
  const { dir, cleanup } = tempDir();
  const received: StoredMessage[] = [];
  const relay = await startMailReceiver({
    protocol: 'smtp',
    host: '127.0.0.1',
    port: 0,
    listAddresses: [LIST],
    maxBytes: 1024 * 1024,
    spoolDir: join(dir, 'relay'),
    onMessage: async (stored) => void received.push(stored),
  });
  try {
    const result = await sendOrSpool(MESSAGE, { host: '127.0.0.1', port: relay.port }, join(dir, 'outbox'));
    assert.equal(result.kind, 'sent');
    await relay.close();
    assert.equal(received.length, 1);
    const mail = (await parseMessage(received[0]?.raw as Buffer)) as ParsedMessage;
    assert.equal(mail.messageId, result.messageId);
    assert.equal(mail.headers.feuilletUpdate, 'APPLIED');
    assert.deepEqual(readdirSync(dir).sort(), ['relay'], 'nothing in the outbox');
  } finally {
    await relay.close();
    cleanup();
  }
});

test('a relay that refuses, is down or lacks the TLS asked for: the message goes to the outbox', async () => {
  const { dir, cleanup } = tempDir();
  const relay = await startMailReceiver({
    protocol: 'smtp',
    host: '127.0.0.1',
    port: 0,
    listAddresses: ['autre@example.org'],
    maxBytes: 1024 * 1024,
    spoolDir: join(dir, 'relay'),
    onMessage: async () => {},
  });
  const outbox = join(dir, 'outbox');
  try {
    const refused = await sendOrSpool(MESSAGE, { host: '127.0.0.1', port: relay.port }, outbox);
    assert.equal(refused.kind, 'spooled');
    assert.match(refused.kind === 'spooled' ? refused.reason.en : '', /550/);
    const noTls = await sendOrSpool(MESSAGE, { host: '127.0.0.1', port: relay.port, requireTLS: true }, outbox);
    assert.equal(noTls.kind, 'spooled');
    await relay.close();
    const down = await sendOrSpool(MESSAGE, { host: '127.0.0.1', port: relay.port }, outbox);
    assert.equal(down.kind, 'spooled');
    assert.equal(readdirSync(outbox).filter((name) => name.endsWith('.eml')).length, 3);
    assert.equal(readdirSync(outbox).filter((name) => name.startsWith('.')).length, 0, 'no temporary file left');
  } finally {
    await relay.close();
    cleanup();
  }
});

test('a sender is read as `Name <address>` or a bare address, the name given when it has none', () => {
  assert.deepEqual(senderOf('Wiki des logiciels libres <wiki@example.org>', 'Titre'), { name: 'Wiki des logiciels libres', address: 'wiki@example.org' });
  assert.deepEqual(senderOf('"Wiki, le nôtre" <wiki@example.org>', 'Titre'), { name: 'Wiki, le nôtre', address: 'wiki@example.org' });
  assert.deepEqual(senderOf('<wiki@example.org>', 'Titre'), { name: 'Titre', address: 'wiki@example.org' });
  assert.deepEqual(senderOf(' wiki@example.org ', 'Titre'), { name: 'Titre', address: 'wiki@example.org' });
});
