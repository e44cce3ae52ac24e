import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { parseMessage, type ParsedMessage } from '../../src/mail/message.js';
import { redeliverPending, startMailReceiver, type MailReceiver, type MailReceiverOptions, type StoredMessage } from '../../src/mail/receiver.js';
import { groupSeries } from '../../src/review/series.js';
import { everythingSeries, LIST, PREFIX, withoutEnvelope } from './fixtures/git-patches.js';
import { openDialogue } from './fixtures/smtp-dialogue.js';

interface Started {
  readonly receiver: MailReceiver;
  readonly spool: string;
  readonly delivered: StoredMessage[];
  cleanup(): Promise<void>;
}

async function start(options: Partial<MailReceiverOptions> = {}): Promise<Started> {
  const parent = mkdtempSync(join(tmpdir(), 'feuillet-receiver-'));
  const spool = join(parent, 'spool');
  const delivered: StoredMessage[] = [];
  const receiver = await startMailReceiver({
    protocol: 'smtp',
    host: '127.0.0.1',
    port: 0,
    listAddresses: [LIST],
    maxBytes: 1024 * 1024,
    spoolDir: spool,
    onMessage: async (stored) => {
      delivered.push(stored);
    },
    ...options,
  });
  return {
    receiver,
    spool,
    delivered,
    cleanup: async () => {
      await receiver.close();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function client(port: number, more: Record<string, unknown> = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...more });
}

function filesIn(spool: string, folder: 'tmp' | 'new' | 'cur'): string[] {
  return readdirSync(join(spool, folder));
}

function responseCode(error: unknown): number | undefined {
  return (error as { responseCode?: number }).responseCode;
}

test('SMTP: a patch mail for the list is stored durably, acknowledged, then handed over and marked processed', async () => {
  const { repo, mails } = everythingSeries();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const seen: Array<{ path: string; onDisk: Buffer; raw: Buffer }> = [];
  const started = await start({
    onMessage: async (stored) => {
      seen.push({ path: stored.path, onDisk: readFileSync(stored.path), raw: stored.raw });
      await held;
    },
  });
  try {
    const raw = withoutEnvelope(mails[1] as Buffer);
    const info = await client(started.receiver.port).sendMail({ envelope: { from: 'elodie@example.org', to: [LIST] }, raw });
    assert.deepEqual(info.accepted, [LIST]);
    assert.match(info.response, /^250 /);
    // The sender has its 250 once the message is on disk, before it is handed over.
    assert.equal(filesIn(started.spool, 'new').length, 1);
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(seen.length, 1);
    assert.ok(seen[0]?.path.includes(join('spool', 'new')));
    assert.deepEqual(seen[0]?.onDisk, seen[0]?.raw);
    assert.deepEqual(filesIn(started.spool, 'tmp'), []);
    release();
    await started.receiver.close();
    assert.deepEqual(filesIn(started.spool, 'new'), []);
    const processed = filesIn(started.spool, 'cur');
    assert.equal(processed.length, 1);
    assert.match(processed[0] ?? '', /:2,S$/);
    const parsed = (await parseMessage(seen[0]?.raw as Buffer)) as ParsedMessage;
    assert.equal(parsed.kind, 'message');
    assert.equal(parsed.patch?.files.length, 3);
  } finally {
    release();
    await started.cleanup();
    repo.cleanup();
  }
});

test('SMTP: mail for any other address is refused at RCPT with 550, the list address is matched without case', async () => {
  const started = await start();
  try {
    const mail = { from: 'a@example.org', subject: 'x', text: 'y' };
    await assert.rejects(client(started.receiver.port).sendMail({ ...mail, to: 'autre@example.org' }), (error) => responseCode(error) === 550);
    const mixed = await client(started.receiver.port).sendMail({ ...mail, to: [LIST.toUpperCase(), 'autre@example.org'] });
    assert.deepEqual(mixed.accepted.map((address) => String(address).toLowerCase()), [LIST]);
    assert.deepEqual(mixed.rejected, ['autre@example.org']);
    await started.receiver.close();
    assert.equal(started.delivered.length, 1);
  } finally {
    await started.cleanup();
  }
});

test('LMTP: delivery per recipient, refusal of other addresses', async () => {
  const started = await start({ protocol: 'lmtp' });
  try {
    const lmtp = client(started.receiver.port, { lmtp: true });
    const info = await lmtp.sendMail({ from: 'a@example.org', to: LIST, subject: 'Réunion', text: 'Bonjour' });
    assert.deepEqual(info.accepted, [LIST]);
    await assert.rejects(lmtp.sendMail({ from: 'a@example.org', to: 'autre@example.org', subject: 'x', text: 'y' }), (error) => responseCode(error) === 550);
    const dialogue = await openDialogue(started.receiver.port);
    try {
      const [greeting] = await dialogue.send('LHLO test\r\n');
      assert.equal(greeting?.code, 250);
    } finally {
      dialogue.close();
    }
    await started.receiver.close();
    assert.equal(started.delivered.length, 1);
    const parsed = (await parseMessage(started.delivered[0]?.raw as Buffer)) as ParsedMessage;
    assert.equal(parsed.subject, 'Réunion');
  } finally {
    await started.cleanup();
  }
});

test('a 50 MB message is refused with 552 and leaves nothing in the spool', async () => {
  const started = await start({ maxBytes: 10 * 1024 * 1024 });
  try {
    const line = `${'x'.repeat(998)}\r\n`;
    const head = `From: a@example.org\r\nTo: ${LIST}\r\nSubject: énorme\r\n\r\n`;
    const total = 50 * 1024 * 1024;
    const body = Readable.from(
      (function* () {
        yield Buffer.from(head);
        const block = Buffer.from(line.repeat(64));
        for (let sent = 0; sent < total; sent += block.length) yield block;
      })(),
    );
    await assert.rejects(
      client(started.receiver.port).sendMail({ envelope: { from: 'a@example.org', to: [LIST] }, raw: body }),
      (error) => responseCode(error) === 552,
    );
    await started.receiver.close();
    assert.deepEqual([filesIn(started.spool, 'tmp'), filesIn(started.spool, 'new'), filesIn(started.spool, 'cur')], [[], [], []]);
    assert.equal(started.delivered.length, 0);
  } finally {
    await started.cleanup();
  }
});

test('the size limit holds in DATA when the client declares no SIZE, and the connection goes on', async () => {
  for (const protocol of ['smtp', 'lmtp'] as const) {
    const started = await start({ protocol, maxBytes: 64 * 1024 });
    const dialogue = await openDialogue(started.receiver.port);
    try {
      await dialogue.send(protocol === 'smtp' ? 'EHLO test\r\n' : 'LHLO test\r\n');
      assert.equal((await dialogue.send('MAIL FROM:<a@example.org>\r\n'))[0]?.code, 250);
      assert.equal((await dialogue.send(`RCPT TO:<${LIST}>\r\n`))[0]?.code, 250);
      assert.equal((await dialogue.send('DATA\r\n'))[0]?.code, 354);
      const big = `Subject: gros\r\n\r\n${`${'y'.repeat(70)}\r\n`.repeat(3000)}.\r\n`;
      assert.equal((await dialogue.send(big))[0]?.code, 552, protocol);
      assert.equal((await dialogue.send('MAIL FROM:<a@example.org>\r\n'))[0]?.code, 250);
      assert.equal((await dialogue.send(`RCPT TO:<${LIST}>\r\n`))[0]?.code, 250);
      assert.equal((await dialogue.send('DATA\r\n'))[0]?.code, 354);
      assert.equal((await dialogue.send('From: a@example.org\r\nSubject: petit\r\n\r\nok\r\n.\r\n'))[0]?.code, 250, protocol);
      dialogue.close();
      await started.receiver.close();
      assert.equal(started.delivered.length, 1);
      assert.deepEqual(filesIn(started.spool, 'tmp'), []);
    } finally {
      dialogue.close();
      await started.cleanup();
    }
  }
});

test('a failing onMessage loses nothing: the message stays in new/ and is handed over again at the next start', async () => {
  const errors: unknown[] = [];
  const started = await start({
    onMessage: async () => {
      throw new Error('base indisponible');
    },
    onError: (error) => errors.push(error),
  });
  try {
    await client(started.receiver.port).sendMail({ from: 'a@example.org', to: LIST, subject: 'à garder', text: 'texte', messageId: '<garder@example.org>' });
    await started.receiver.close();
    assert.equal(errors.length, 1);
    assert.equal(filesIn(started.spool, 'new').length, 1);
    const again: StoredMessage[] = [];
    const count = await redeliverPending({ spoolDir: started.spool, onMessage: async (stored) => void again.push(stored) });
    assert.equal(count, 1);
    assert.equal(((await parseMessage(again[0]?.raw as Buffer)) as ParsedMessage).messageId, 'garder@example.org');
    assert.deepEqual(filesIn(started.spool, 'new'), []);
    assert.equal(filesIn(started.spool, 'cur').length, 1);
    assert.equal(await redeliverPending({ spoolDir: started.spool, onMessage: async () => {} }), 0);
  } finally {
    await started.cleanup();
  }
});

test('STARTTLS only when a certificate is configured', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const key = readFileSync(join(dir, 'key.pem'));
    const cert = readFileSync(join(dir, 'cert.pem'));
    const secured = await start({ tls: { key, cert } });
    try {
      const info = await client(secured.receiver.port, { ignoreTLS: false, requireTLS: true, tls: { ca: cert, servername: 'localhost' } }).sendMail({
        from: 'a@example.org',
        to: LIST,
        subject: 'chiffré',
        text: 'secret',
      });
      assert.deepEqual(info.accepted, [LIST]);
    } finally {
      await secured.cleanup();
    }
    const plain = await start();
    try {
      await assert.rejects(
        client(plain.receiver.port, { ignoreTLS: false, requireTLS: true }).sendMail({ from: 'a@example.org', to: LIST, subject: 'x', text: 'y' }),
      );
      const dialogue = await openDialogue(plain.receiver.port);
      try {
        const [ehlo] = await dialogue.send('EHLO test\r\n');
        assert.doesNotMatch(ehlo?.text ?? '', /STARTTLS/);
      } finally {
        dialogue.close();
      }
    } finally {
      await plain.cleanup();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a port already in use is a clear error', async () => {
  const started = await start();
  try {
    await assert.rejects(
      startMailReceiver({ protocol: 'smtp', host: '127.0.0.1', port: started.receiver.port, listAddresses: [LIST], maxBytes: 1000, spoolDir: started.spool, onMessage: async () => {} }),
      (error: Error & { code?: string; fr?: string }) => error.code === 'port-in-use' && /déjà utilisé/.test(error.fr ?? ''),
    );
  } finally {
    await started.cleanup();
  }
});

function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sendEmailMissing = spawnSync('git', ['send-email', '--help'], { stdio: 'ignore', env: { ...process.env, GIT_PAGER: 'cat', PAGER: 'cat', MANPAGER: 'cat' } }).status !== 0;

test(
  'git send-email delivers a real series that groups into one complete series',
  { skip: sendEmailMissing && process.env.CI !== 'true' && 'needs git send-email (Debian package git-email)' },
  async () => {
    const { repo, mails } = everythingSeries();
    const started = await start();
    try {
      const out = mkdtempSync(join(tmpdir(), 'feuillet-send-email-'));
      try {
        mails.forEach((mail, i) => writeFileSync(join(out, `${i}.patch`), mail));
        // Asynchronously: the receiver answering git runs in this very process.
        const result = await run(
          'git',
          [
            'send-email',
            '--smtp-server=127.0.0.1',
            `--smtp-server-port=${started.receiver.port}`,
            `--to=${LIST}`,
            '--from=Élodie Dupré <elodie@example.org>',
            '--suppress-cc=all',
            '--confirm=never',
            '--no-validate',
            '--quiet',
            ...mails.map((_, i) => join(out, `${i}.patch`)),
          ],
          { cwd: repo.dir, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } },
        );
        assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      await started.receiver.close();
      assert.equal(started.delivered.length, 4);
      const messages = await Promise.all(started.delivered.map(async (stored) => (await parseMessage(stored.raw)) as ParsedMessage));
      const [series, ...others] = groupSeries(messages, { prefix: PREFIX });
      assert.equal(others.length, 0);
      assert.equal(series?.kind, 'complete');
      assert.equal(series?.title, 'Été et accueil');
      assert.equal(series?.version, 2);
      assert.deepEqual(series?.patches.map((patch) => patch.title), ['Ajoute la page « Été à la mer »', 'Renomme la page d’accueil', 'Commit vide']);
      assert.ok(existsSync(started.spool));
    } finally {
      await started.cleanup();
      repo.cleanup();
    }
  },
);

test('messages arriving at once are handed over one at a time, each read when its turn comes', async () => {
  let running = 0;
  let most = 0;
  const started = await start({
    onMessage: async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
    },
  });
  try {
    const mails = Array.from({ length: 6 }, (_, i) => `From: a@example.org\r\nTo: ${LIST}\r\nSubject: n° ${i}\r\nMessage-ID: <parallel-${i}@example.org>\r\n\r\n${'x'.repeat(100_000)}\r\n`);
    await Promise.all(mails.map((raw) => client(started.receiver.port).sendMail({ envelope: { from: 'a@example.org', to: [LIST] }, raw })));
    await started.receiver.close();
    assert.equal(most, 1, 'never two hand-overs at once');
    assert.equal(filesIn(started.spool, 'cur').length, 6);
    assert.deepEqual(filesIn(started.spool, 'new'), []);
  } finally {
    await started.cleanup();
  }
});
