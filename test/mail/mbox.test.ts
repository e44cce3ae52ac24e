import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMbox, splitMbox, type MboxEntry, type MboxOptions } from '../../src/mail/mbox.js';
import { parseMessage, type ParsedMessage } from '../../src/mail/message.js';
import { everythingSeries, patchRepo, PREFIX } from './fixtures/git-patches.js';

async function* chunks(data: Buffer, size: (i: number) => number): AsyncGenerator<Buffer> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const length = Math.max(1, size(i));
    yield data.subarray(at, at + length);
    at += length;
  }
}

async function entries(data: Buffer, options: MboxOptions = {}, size: (i: number) => number = () => 64 * 1024): Promise<MboxEntry[]> {
  const found: MboxEntry[] = [];
  for await (const entry of splitMbox(chunks(data, size), options)) found.push(entry);
  return found;
}

function raws(found: MboxEntry[]): string[] {
  return found.map((entry) => (entry.kind === 'message' ? entry.raw.toString('utf8') : `<oversize ${entry.bytes}>`));
}

test('git format-patch --stdout is an mbox: every mail comes out whole, whatever the chunk sizes', async () => {
  const { repo, mails } = everythingSeries();
  try {
    const mbox = Buffer.from(repo.git(['format-patch', '--stdout', '--always', '--cover-letter', '-v2', `--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', 'HEAD~3']));
    const whole = await entries(mbox);
    assert.equal(whole.length, mails.length);
    const subjects = await Promise.all(
      whole.map(async (entry) => {
        assert.equal(entry.kind, 'message');
        const parsed = await parseMessage(entry.kind === 'message' ? entry.raw : Buffer.alloc(0));
        return (parsed as ParsedMessage).subject;
      }),
    );
    assert.deepEqual(subjects.map((subject) => subject.replace(/\].*/, ']')), ['0/3', '1/3', '2/3', '3/3'].map((n) => `[PATCH ${PREFIX} v2 ${n}]`));
    for (const size of [() => 1, (i: number) => (i * 7919) % 977, () => 4096]) assert.deepEqual(raws(await entries(mbox, {}, size)), raws(whole));

    const dir = mkdtempSync(join(tmpdir(), 'feuillet-mbox-'));
    try {
      writeFileSync(join(dir, 'archive.mbox'), mbox);
      const fromFile: MboxEntry[] = [];
      for await (const entry of readMbox(join(dir, 'archive.mbox'))) fromFile.push(entry);
      assert.deepEqual(raws(fromFile), raws(whole));
      assert.deepEqual(fromFile.map((entry) => entry.index), [0, 1, 2, 3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    repo.cleanup();
  }
});

test('mboxrd written by git (--pretty=mboxrd) unescapes From lines in bodies', async () => {
  const repo = patchRepo();
  try {
    repo.commit('Titre\n\nFrom the beginning, this line starts with From.\n>From quoted already.\n\nSigned-off-by: A <a@example.org>', { 'page.md': 'x\n' });
    repo.commit('Second', { 'page.md': 'y\n' });
    const mbox = Buffer.from(repo.git(['format-patch', '--stdout', '--pretty=mboxrd', `--subject-prefix=PATCH ${PREFIX}`, 'HEAD~2']));
    assert.match(mbox.toString('utf8'), /^>From the beginning/m);
    assert.match(mbox.toString('utf8'), /^>>From quoted/m);
    const found = await entries(mbox);
    assert.equal(found.length, 2);
    const first = await parseMessage((found[0] as { raw: Buffer }).raw);
    assert.equal((first as ParsedMessage).patch?.message, 'From the beginning, this line starts with From.\n>From quoted already.');

    const mboxo = raws(await entries(mbox, { format: 'mboxo' }));
    assert.match(mboxo[0] ?? '', /^From the beginning/m);
    assert.match(mboxo[0] ?? '', /^>>From quoted/m, 'mboxo leaves deeper quotes alone');
  } finally {
    repo.cleanup();
  }
});

test('separators need a blank line before them; CRLF files; a lone message without envelope', async () => {
  const text = 'From a@example.org Mon Jun  2 10:00:00 2025\nSubject: un\n\ncorps\nFrom here on, not a separator\n\nFrom b@example.org Mon Jun  2 10:01:00 2025\nSubject: deux\n\nfin\n';
  assert.deepEqual(raws(await entries(Buffer.from(text))), ['Subject: un\n\ncorps\nFrom here on, not a separator\n', 'Subject: deux\n\nfin\n']);
  assert.deepEqual(raws(await entries(Buffer.from(text.replace(/\n/g, '\r\n')))), [
    'Subject: un\r\n\r\ncorps\r\nFrom here on, not a separator\r\n',
    'Subject: deux\r\n\r\nfin\r\n',
  ]);
  assert.deepEqual(raws(await entries(Buffer.from('Subject: seul\n\ncorps sans fin de ligne'))), ['Subject: seul\n\ncorps sans fin de ligne']);
});

test('hostile mbox files: empty, blank, oversize messages, endless lines, binary', async () => {
  assert.deepEqual(await entries(Buffer.alloc(0)), []);
  assert.deepEqual(await entries(Buffer.from('\n\n\r\n')), []);
  const big = `From x Mon Jun  2 10:00:00 2025\nSubject: gros\n\n${'a'.repeat(5000)}\n\nFrom y Mon Jun  2 10:01:00 2025\nSubject: petit\n\nok\n`;
  const found = await entries(Buffer.from(big), { maxMessageBytes: 1000 }, () => 300);
  assert.deepEqual(
    found.map((entry) => entry.kind),
    ['oversize', 'message'],
  );
  assert.ok(found[0]?.kind === 'oversize' && found[0].bytes > 5000);
  assert.equal(found[1]?.kind === 'message' && found[1].raw.toString(), 'Subject: petit\n\nok\n');
  const endless = Buffer.concat([Buffer.from('From x Mon Jun  2 10:00:00 2025\nSubject: s\n\n'), Buffer.alloc(3_000_000, 0x62), Buffer.from('\n\nFrom y Mon Jun  2 10:01:00 2025\nSubject: t\n\nok\n')]);
  const long = await entries(endless, { maxMessageBytes: 100_000 }, () => 64 * 1024);
  assert.deepEqual(long.map((entry) => entry.kind), ['oversize', 'message']);
  const binary = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256));
  const fromBinary = await entries(binary);
  assert.equal(fromBinary.length >= 1, true);
  assert.equal(fromBinary.map((entry) => (entry.kind === 'message' ? entry.raw.length : 0)).reduce((a, b) => a + b, 0) <= binary.length, true);
});
