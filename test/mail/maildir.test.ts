import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMaildir } from '../../src/mail/maildir.js';

test('a Maildir lists new/ and cur/ oldest first, with flags; skips dot files, folders and symlinks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-maildir-'));
  try {
    for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, 'new', '1717315300.M2P10.hote'), 'Subject: trois\n\n');
    writeFileSync(join(dir, 'cur', '1717315100.M1P10.hote:2,RS'), 'Subject: un\n\n');
    writeFileSync(join(dir, 'cur', '1717315200.M5P10.hote:2,'), 'Subject: deux\n\n');
    writeFileSync(join(dir, 'tmp', '1717315400.M9P10.hote'), 'en cours\n');
    writeFileSync(join(dir, 'new', '.cache'), 'x');
    mkdirSync(join(dir, 'cur', 'dossier'));
    symlinkSync('/etc/passwd', join(dir, 'new', '1717315000.M0P1.lien'));
    const listing = await listMaildir(dir);
    assert.equal(listing.kind, 'maildir');
    if (listing.kind !== 'maildir') return;
    assert.deepEqual(
      listing.messages.map((message) => [message.folder, message.name, message.flags]),
      [
        ['cur', '1717315100.M1P10.hote', 'RS'],
        ['cur', '1717315200.M5P10.hote', ''],
        ['new', '1717315300.M2P10.hote', ''],
      ],
    );
    assert.equal(listing.messages[0]?.path, join(dir, 'cur', '1717315100.M1P10.hote:2,RS'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that is no Maildir, or does not exist, is a typed answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-maildir-'));
  try {
    const plain = await listMaildir(dir);
    assert.equal(plain.kind, 'not-a-maildir');
    assert.match(plain.kind === 'not-a-maildir' ? plain.fr : '', /Maildir/);
    assert.equal((await listMaildir(join(dir, 'absent'))).kind, 'not-a-maildir');
    mkdirSync(join(dir, 'new'));
    assert.deepEqual(await listMaildir(dir), { kind: 'maildir', messages: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
