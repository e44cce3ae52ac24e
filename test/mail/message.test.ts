import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, type MessageRejected, type ParsedMessage } from '../../src/mail/message.js';
import { pathsOf, unsafePaths } from '../../src/review/patch-safety.js';
import { compose } from './fixtures/compose.js';
import { AUTHOR, everythingSeries, LIST, PREFIX, patchMail, patchRepo, symlinkPatch, withoutEnvelope } from './fixtures/git-patches.js';

async function parsed(raw: Buffer | string): Promise<ParsedMessage> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  assert.equal(result.kind, 'message', JSON.stringify(result));
  return result as ParsedMessage;
}

async function rejection(raw: Buffer | string, maxBytes?: number): Promise<MessageRejected> {
  const result = await parseMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), maxBytes === undefined ? {} : { maxBytes });
  assert.equal(result.kind, 'rejected', `expected a rejection, got ${result.kind}`);
  return result as MessageRejected;
}

test('a series made by git format-patch: ids, thread, sender, decoded subjects, patches', async () => {
  const { repo, mails } = everythingSeries();
  try {
    const [cover, first, rename, empty] = await Promise.all(mails.map((mail) => parsed(withoutEnvelope(mail))));
    assert.ok(cover && first && rename && empty);
    assert.doesNotMatch(cover.messageId, /[<>]/);
    assert.equal(cover.inReplyTo, undefined);
    assert.equal(cover.subject, `[PATCH ${PREFIX} v2 0/3] Été et accueil`);
    assert.deepEqual(cover.parsedSubject.kind === 'patch' && cover.parsedSubject.part, { kind: 'cover-letter', total: 3 });
    assert.equal(cover.patch, undefined);
    assert.match(cover.text, /Trois changements pour l’été/);

    assert.deepEqual(first.from, AUTHOR);
    assert.deepEqual(first.to, [{ name: '', address: LIST }]);
    assert.equal(first.subject, `[PATCH ${PREFIX} v2 1/3] Ajoute la page « Été à la mer »`);
    assert.equal(first.inReplyTo, cover.messageId);
    assert.deepEqual(first.references, [cover.messageId]);
    assert.ok(first.date instanceof Date);
    assert.deepEqual(first.patch?.files.map(pathsOf).flat().sort(), ['docs/logo.png', 'notes-crlf.md', 'pages/été à la mer.md']);
    assert.deepEqual(first.patch?.trailers.map((trailer) => trailer.key), ['Signed-off-by', 'Reviewed-by']);
    assert.deepEqual(first.notes, []);
    assert.equal(first.htmlOnly, false);

    assert.equal(rename.patch?.files[0]?.kind, 'renamed');
    assert.ok(empty.patch, 'an empty commit is still a patch');
    assert.deepEqual(empty.patch?.files, []);
  } finally {
    repo.cleanup();
  }
});

test('the same mails with CRLF line ends parse the same', async () => {
  const { repo, mails } = everythingSeries();
  try {
    const lf = await parsed(withoutEnvelope(mails[1] as Buffer));
    const crlf = await parsed(Buffer.from(withoutEnvelope(mails[1] as Buffer).toString('utf8').replace(/\r?\n/g, '\r\n')));
    assert.equal(crlf.subject, lf.subject);
    assert.deepEqual(crlf.patch?.files, lf.patch?.files);
    assert.deepEqual(crlf.patch?.trailers, lf.patch?.trailers);
  } finally {
    repo.cleanup();
  }
});

test('diffs in an attachment: git format-patch --attach and --inline', async () => {
  const repo = patchRepo();
  try {
    repo.commit('Ajoute une page\n\nAvec un corps.\n\nSigned-off-by: Élodie Dupré <elodie@example.org>', { 'page.md': 'Bonjour\n' });
    for (const mode of ['--attach', '--inline']) {
      const [mail] = repo.formatPatch([mode, `--subject-prefix=PATCH ${PREFIX}`, '-1']);
      const message = await parsed(withoutEnvelope(mail as Buffer));
      assert.deepEqual(message.patch?.files.map(pathsOf), [['page.md']], mode);
      assert.equal(message.patch?.message, 'Avec un corps.', mode);
      assert.equal(message.patch?.trailers[0]?.key, 'Signed-off-by', mode);
      assert.match(message.text, /^diff --git/m, mode);
    }
  } finally {
    repo.cleanup();
  }
});

test('a whole format-patch file attached to an ordinary mail', async () => {
  const repo = patchRepo();
  try {
    repo.commit('Ajoute une page', { 'page.md': 'Bonjour\n' });
    const [file] = repo.formatPatch(['-1']);
    const mail = await compose({
      from: 'Élodie <elodie@example.org>',
      to: LIST,
      subject: `[PATCH ${PREFIX}] Ajoute une page`,
      text: 'Voici mon correctif en pièce jointe.\n',
      attachments: [{ filename: '0001-Ajoute-une-page.patch', content: file as Buffer, contentType: 'text/x-patch' }],
    });
    const message = await parsed(mail);
    assert.deepEqual(message.patch?.files.map(pathsOf), [['page.md']]);
  } finally {
    repo.cleanup();
  }
});

test('quoted-printable and base64 bodies, RFC 2047 subjects and names', async () => {
  const repo = patchRepo();
  try {
    repo.commit('Été', { 'été.md': 'À bientôt\n' });
    const [mail] = repo.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']);
    const body = withoutEnvelope(mail as Buffer).toString('utf8');
    const text = body.slice(body.indexOf('\n\n') + 2);
    for (const encoding of ['quoted-printable', 'base64']) {
      for (const textEncoding of ['Q', 'B'] as const) {
        const raw = await compose({
          from: { name: 'Élodie Dupré', address: 'elodie@example.org' },
          to: LIST,
          subject: `[PATCH ${PREFIX}] Été à la mer`,
          messageId: '<qp@example.org>',
          text,
          encoding,
          textEncoding,
        });
        assert.match(raw.toString('latin1'), encoding === 'base64' ? /Content-Transfer-Encoding: base64/ : /Content-Transfer-Encoding: quoted-printable/);
        const message = await parsed(raw);
        assert.equal(message.subject, `[PATCH ${PREFIX}] Été à la mer`);
        assert.equal(message.from.name, 'Élodie Dupré');
        assert.equal(message.messageId, 'qp@example.org');
        assert.deepEqual(message.patch?.files.map(pathsOf), [['été.md']], `${encoding} ${textEncoding}`);
      }
    }
  } finally {
    repo.cleanup();
  }
});

test('HTML-only mail keeps its text version and says so; multipart/alternative does not', async () => {
  const htmlOnly = await parsed(await compose({ from: 'a@example.org', subject: 'Bonjour', html: '<p>Bonjour <b>tout le monde</b></p>' }));
  assert.equal(htmlOnly.htmlOnly, true);
  assert.match(htmlOnly.text, /Bonjour tout le monde/i);
  assert.deepEqual(htmlOnly.notes.map((note) => note.code), ['html-only']);
  assert.match(htmlOnly.notes[0]?.fr ?? '', /HTML/);
  const both = await parsed(await compose({ from: 'a@example.org', subject: 'Bonjour', text: 'texte seul', html: '<p>html</p>' }));
  assert.equal(both.htmlOnly, false);
  assert.equal(both.text, 'texte seul');
});

test('headers Feuillet acts on, ids written loosely, dates', async () => {
  const message = await parsed(
    [
      'From: =?UTF-8?Q?Chlo=C3=A9?= <chloe@example.org>',
      'To: "Liste" <logiciels-libres@lists.example.org>, Autre <autre@example.org>',
      'Cc: Groupe: un@example.org, deux@example.org;',
      'Subject: Re: [PATCH logiciels-libres v2 1/2] Titre',
      'Message-ID: sans-chevrons@example.org',
      "In-Reply-To: <parent@example.org> (le message d'Élodie)",
      'References: <racine@example.org>',
      '  <parent@example.org> <parent@example.org>',
      'Date: Tue, 3 Jun 2025 10:00:00 +0200 (CEST)',
      'X-Feuillet-Update: APPLIED',
      'List-Id: Liste du wiki <logiciels-libres.lists.example.org>',
      '',
      'Appliqué, merci.',
    ].join('\n'),
  );
  assert.equal(message.messageId, 'sans-chevrons@example.org');
  assert.equal(message.inReplyTo, 'parent@example.org');
  assert.deepEqual(message.references, ['racine@example.org', 'parent@example.org']);
  assert.equal(message.date?.toISOString(), '2025-06-03T08:00:00.000Z');
  assert.deepEqual(message.headers, { feuilletUpdate: 'APPLIED', listId: 'logiciels-libres.lists.example.org' });
  assert.equal(message.from.name, 'Chloé');
  assert.deepEqual(message.to.map((person) => person.address), ['logiciels-libres@lists.example.org', 'autre@example.org']);
  assert.deepEqual(message.cc.map((person) => person.address), ['un@example.org', 'deux@example.org']);
  assert.equal(message.parsedSubject.reply, true);
  assert.equal(message.patch, undefined, 'a reply without a diff is discussion');
});

test('missing Message-ID gets a stable id from the content; a bad date is no date', async () => {
  const raw = 'From: a@example.org\nSubject: x\nDate: le 3 juin\n\ncorps\n';
  const one = await parsed(raw);
  const two = await parsed(raw);
  assert.equal(one.messageId, two.messageId);
  assert.match(one.messageId, /@feuillet\.invalid$/);
  assert.equal(one.date, undefined);
  assert.deepEqual(one.notes.map((note) => note.code), ['missing-message-id', 'invalid-date']);
  assert.notEqual((await parsed(`${raw}autre\n`)).messageId, one.messageId);
});

test('charsets: declared Latin-1 decodes, unknown or wrong charsets give best-effort text and a note', async () => {
  const latin1 = await parsed(Buffer.from('From: a@example.org\nMessage-ID: <l1@example.org>\nSubject: =?iso-8859-1?q?caf=E9?=\nContent-Type: text/plain; charset=iso-8859-1\n\ncafé crème\n', 'latin1'));
  assert.equal(latin1.subject, 'café');
  assert.equal(latin1.text.trim(), 'café crème');
  assert.deepEqual(latin1.notes, []);
  for (const declared of ['x-inconnu', 'utf-8', 'utf-7']) {
    const message = await parsed(Buffer.from(`From: a@example.org\nMessage-ID: <c@example.org>\nSubject: x\nContent-Type: text/plain; charset=${declared}\n\ncaf\xe9 +ADw-script+AD4-\n`, 'latin1'));
    assert.match(message.text, /caf/, declared);
    if (declared !== 'utf-7') assert.deepEqual(message.notes.map((note) => note.code), ['undecodable-text'], declared);
  }
});

test('hostile input: empty, blank, garbage, no sender, truncated anywhere, too large', async () => {
  assert.equal((await rejection('')).code, 'empty');
  assert.equal((await rejection(' \r\n\t\n')).code, 'empty');
  assert.equal((await rejection(Buffer.from([0, 1, 2, 255, 254, 10, 13, 0, 0, 65, 66]))).code, 'not-a-message');
  assert.equal((await rejection('Subject: sans expéditeur\n\ncorps')).code, 'no-sender');
  assert.equal((await rejection('From: personne sans adresse\nSubject: x\n\ncorps')).code, 'no-sender');
  const noSender = await rejection('Subject: x\n\n');
  assert.match(noSender.fr, /expéditeur/);
  assert.match(noSender.en, /sender/);

  const { repo, mails } = everythingSeries();
  try {
    const whole = withoutEnvelope(mails[1] as Buffer);
    for (let cut = 1; cut < whole.length; cut += 131) {
      const result = await parseMessage(whole.subarray(0, cut));
      assert.ok(result.kind === 'message' || result.kind === 'rejected');
    }
    const multipart = await compose({ from: 'a@example.org', subject: 'x', text: 'début', attachments: [{ filename: 'a.bin', content: Buffer.alloc(5000, 1) }] });
    for (let cut = 1; cut < multipart.length; cut += 257) {
      const result = await parseMessage(multipart.subarray(0, cut));
      assert.ok(result.kind === 'message' || result.kind === 'rejected');
    }
  } finally {
    repo.cleanup();
  }

  assert.equal((await rejection(Buffer.alloc(2000, 0x61), 1000)).code, 'too-large');
  let huge: Buffer | undefined = Buffer.alloc(50 * 1024 * 1024, 0x61);
  assert.equal((await rejection(huge)).code, 'too-large');
  huge = undefined;
});

test('hostile structure: thousands of parts, huge headers, deep references, endless blank lines', async () => {
  const blank = await compose({ from: 'a@example.org', subject: 'x', text: `début${'\n'.repeat(300_000)}`, attachments: [{ filename: 'x.patch', content: 'pas un diff\n', contentType: 'text/x-patch' }] });
  assert.equal((await parsed(blank)).patch, undefined);
  const parts = Array.from({ length: 3000 }, (_, i) => `--b\nContent-Type: text/plain\n\npart ${i}\n`).join('');
  const many = await parseMessage(Buffer.from(`From: a@example.org\nSubject: x\nContent-Type: multipart/mixed; boundary="b"\n\n${parts}--b--\n`));
  assert.ok(many.kind === 'message' || many.kind === 'rejected');
  const refs = Array.from({ length: 5000 }, (_, i) => `<r${i}@example.org>`).join(' ');
  const deep = await parsed(`From: a@example.org\nSubject: x\nReferences: ${refs}\n\nx\n`);
  assert.equal(deep.references.length, 100);
  assert.equal(deep.references[0], 'r0@example.org');
  assert.equal(deep.references.at(-1), 'r4999@example.org');
  const longId = await parsed(`From: a@example.org\nSubject: x\nMessage-ID: <${'x'.repeat(5000)}@example.org>\n\nx\n`);
  assert.match(longId.messageId, /@feuillet\.invalid$/);
});

test('hostile patches arrive as patches, and their unsafe paths are reported', async () => {
  const gitConfig = await parsed(patchMail('Configure git', 'diff --git a/cfg b/.git/config\nindex 1111111..2222222 100644\n--- a/cfg\n+++ b/.git/config\n@@ -1 +1,2 @@\n [core]\n+\thooksPath = /tmp\n'));
  assert.deepEqual(gitConfig.patch && unsafePaths(gitConfig.patch).map((found) => found.reason), ['git-directory']);
  const outside = await parsed(patchMail('Sort du wiki', 'diff --git a/../outside b/inside\nindex 1111111..2222222 100644\n--- a/../outside\n+++ b/inside\n@@ -1 +1 @@\n-a\n+b\n'));
  assert.deepEqual(outside.patch && unsafePaths(outside.patch).map((found) => found.reason), ['parent-directory']);
  const symlink = await parsed(withoutEnvelope(symlinkPatch()));
  assert.deepEqual(symlink.patch && unsafePaths(symlink.patch).map((found) => [found.path, found.reason]), [['lien', 'symlink']]);
});
