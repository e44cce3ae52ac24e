// Fault 5 of the attack report: mail answered "250 stored" that then appeared nowhere (not in the
// archive, the changes or a log) when it was no readable message, and a far too large upload was read
// to its end before being refused. Over a real SMTP conversation with the list's receiver: each hostile
// mail is kept in the spool and listed, with why, on a page only maintainers see; an upload far over the
// limit is told 552 while the client is still sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startListReceivers } from '../../src/review/receivers.js';
import { openDialogue } from '../mail/fixtures/smtp-dialogue.js';
import { LIST, reviewWorld, serveWorld } from '../review/desk-fixture.js';

const HEAD = `From: Inconnu <x@example.org>\r\nTo: ${LIST}\r\n`;
const HOSTILE: Record<string, Buffer> = {
  'no headers': Buffer.from('juste du texte\r\nsans en-tête\r\n'),
  binary: Buffer.from(Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 255) + 1).filter((byte) => byte !== 0x0a && byte !== 0x0d)),
  '2,000-deep multipart': Buffer.from(
    `${HEAD}Subject: profond\r\nMIME-Version: 1.0\r\n${Array.from({ length: 2000 }, (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`).join('')}Content-Type: text/plain\r\n\r\nfond\r\n`,
  ),
  '2 MB Subject': Buffer.from(`${HEAD}Subject: ${'s'.repeat(2 * 1024 * 1024)}\r\n\r\ncorps\r\n`),
  '200,000 header lines': Buffer.from(`${HEAD}Subject: en-têtes\r\n${Array.from({ length: 200_000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\ncorps\r\n`),
};

/** One SMTP transaction with the raw bytes as DATA (dot-stuffed), answered by the receiver's code. */
async function sendRaw(port: number, raw: Buffer): Promise<number> {
  const dialogue = await openDialogue(port);
  try {
    await dialogue.send('EHLO test\r\n');
    await dialogue.send('MAIL FROM:<x@example.org>\r\n');
    await dialogue.send(`RCPT TO:<${LIST}>\r\n`);
    await dialogue.send('DATA\r\n');
    const stuffed = raw.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
    const [reply] = await dialogue.send(Buffer.from(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
    return reply!.code;
  } finally {
    dialogue.close();
  }
}

test('mail acknowledged but unreadable is listed, with why, for maintainers only', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  const receivers = await startListReceivers(world.desk, { maxBytes: 10 * 1024 * 1024, smtp: { host: '127.0.0.1', port: 0 } }, world.opened.dataDir);
  const server = await serveWorld(world);
  try {
    for (const [name, raw] of Object.entries(HOSTILE)) assert.equal(await sendRaw(receivers.smtp!.port, raw), 250, name);
    await receivers.close(); // waits for the messages being handed over

    const maintainer = await server.signIn('maia@example.org', 'maintainer');
    const { response, document } = await server.page('/-/review/rejected', maintainer.cookie);
    assert.equal(response.status, 200);
    const rows = [...document.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? ''));
    assert.equal(rows.length, Object.keys(HOSTILE).length);
    for (const [, reason, size, , , file] of rows) {
      assert.ok(reason && reason.length > 10, `a reason is given: ${reason}`);
      assert.match(size ?? '', /\d/);
      assert.match(file ?? '', /\S/, 'the spool file is named');
    }
    assert.ok(rows.some((cells) => cells[3] === 'Inconnu <x@example.org>'), 'the sender, as written');
    assert.ok(rows.every((cells) => (cells[4] ?? '').length <= 201), 'a huge subject is shortened');

    const list = await server.page('/-/review/', maintainer.cookie);
    assert.ok([...list.document.querySelectorAll('a')].some((a) => a.getAttribute('href') === '/-/review/rejected' && /5 courriel/.test(a.textContent ?? '')));
    const anonymous = await server.page('/-/review/');
    assert.ok(![...anonymous.document.querySelectorAll('a')].some((a) => a.getAttribute('href') === '/-/review/rejected'));
    assert.notEqual((await server.get('/-/review/rejected')).status, 200);
    const reader = await server.signIn('rene@example.org', 'contributor');
    assert.notEqual((await server.get('/-/review/rejected', reader.cookie)).status, 200);
  } finally {
    await receivers.close();
    await server.close();
    await world.cleanup();
  }
});

test('an upload far over the limit, without a declared SIZE, is refused while the client is still sending', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  const limit = 2 * 1024 * 1024;
  const receivers = await startListReceivers(world.desk, { maxBytes: limit, smtp: { host: '127.0.0.1', port: 0 } }, world.opened.dataDir);
  try {
    const socket = connect(receivers.smtp!.port, '127.0.0.1');
    let replies = '';
    socket.on('data', (chunk: Buffer) => (replies += chunk.toString('latin1')));
    socket.on('error', () => {}); // the server closes while we write: EPIPE/ECONNRESET are expected
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const until = async (reply: RegExp) => {
      while (!reply.test(replies)) await new Promise((resolve) => socket.once('data', resolve));
    };
    await until(/^220 /m);
    socket.write('EHLO test\r\n');
    await until(/^250 /m);
    // PIPELINING is offered: the envelope and DATA go in one write.
    socket.write(`MAIL FROM:<x@example.org>\r\nRCPT TO:<${LIST}>\r\nDATA\r\n`);
    await until(/^354 /m);
    socket.write(`${HEAD}Subject: énorme\r\n\r\n`);
    const block = Buffer.from(`${'z'.repeat(998)}\r\n`.repeat(1024));
    const total = 40 * 1024 * 1024;
    let sent = 0;
    while (sent < total && !socket.destroyed && !/^552 /m.test(replies)) {
      if (!socket.write(block)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
      sent += block.length;
    }
    await closed;
    assert.match(replies, /^552 5\.3\.4 /m);
    assert.ok(sent < total / 2, `refused after ${sent} bytes of ${total}`);
  } finally {
    await receivers.close();
    await world.cleanup();
  }
});
