import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namesWiki, parseSubject, partPosition, type MailSubject, type PatchSubject } from '../../src/mail/subject.js';

function patch(subject: string): PatchSubject {
  const parsed = parseSubject(subject);
  assert.equal(parsed.kind, 'patch', `${subject} should be a patch`);
  return parsed as PatchSubject;
}

test('git format-patch subjects with the wiki prefix, a version and a counter', () => {
  assert.deepEqual(patch('[PATCH logiciels-libres v2 3/5] Ajoute la page des marchés'), {
    kind: 'patch',
    reply: false,
    rfc: false,
    resend: false,
    prefixes: ['logiciels-libres'],
    tags: [],
    version: 2,
    part: { kind: 'numbered', index: 3, total: 5 },
    title: 'Ajoute la page des marchés',
  });
  const cover = patch('[PATCH logiciels-libres v2 0/4] Réorganise les archives');
  assert.deepEqual(cover.part, { kind: 'cover-letter', total: 4 });
  assert.deepEqual(partPosition(cover.part), { index: 0, total: 4 });
  const single = patch('[PATCH] Corrige une coquille');
  assert.deepEqual(single.part, { kind: 'single' });
  assert.deepEqual(partPosition(single.part), { index: 1, total: 1 });
  assert.equal(single.version, 1);
  assert.deepEqual(single.prefixes, []);
});

test('RFC, RESEND and their place in the brackets', () => {
  const rfc = patch('[RFC PATCH logiciels-libres 1/2] Proposition');
  assert.equal(rfc.rfc, true);
  assert.deepEqual(rfc.prefixes, ['logiciels-libres']);
  const separate = patch('[RFC][PATCH v3] Proposition');
  assert.equal(separate.rfc, true);
  assert.equal(separate.version, 3);
  const resend = patch('[RESEND PATCH logiciels-libres v2] Titre');
  assert.equal(resend.resend, true);
  assert.equal(resend.version, 2);
});

test('versions written as PATCHv3, V4 and (v2) in the title', () => {
  assert.equal(patch('[PATCHv3] Titre').version, 3);
  assert.equal(patch('[PATCHv3 2/7] Titre').version, 3);
  assert.deepEqual(patch('[PATCHv3 2/7] Titre').part, { kind: 'numbered', index: 2, total: 7 });
  assert.equal(patch('[PATCH V4] Titre').version, 4);
  const inTitle = patch('[PATCH 1/2] Ajoute une page (v2)');
  assert.equal(inTitle.version, 2);
  assert.equal(inTitle.title, 'Ajoute une page');
});

test('counters written 3 of 5, 03/12 and PATCH1/8', () => {
  assert.deepEqual(patch('[PATCH 3 of 5] Titre').part, { kind: 'numbered', index: 3, total: 5 });
  assert.deepEqual(patch('[PATCH 03/12] Titre').part, { kind: 'numbered', index: 3, total: 12 });
  assert.deepEqual(patch('[PATCH1/8] Titre').part, { kind: 'numbered', index: 1, total: 8 });
  assert.deepEqual(patch('[PATCH 0 of 4] Lettre').part, { kind: 'cover-letter', total: 4 });
});

test('lower-case patch, nested brackets, commas', () => {
  assert.equal(patch('[patch] titre').kind, 'patch');
  const nested = patch('[PATCH [logiciels-libres] v2 1/3] Titre');
  assert.deepEqual(nested.prefixes, ['logiciels-libres']);
  assert.equal(nested.version, 2);
  assert.deepEqual(nested.part, { kind: 'numbered', index: 1, total: 3 });
  assert.deepEqual(patch('[PATCH logiciels-libres, v2, 1/3] Titre').prefixes, ['logiciels-libres']);
});

test('replies keep the patch facts and a reply flag', () => {
  for (const marker of ['Re:', 'RE:', 'Aw:', 'AW:', 'Sv:', 'RE :', 'Re: Re:', 'Re[2]:', 'Réf :']) {
    const reply = patch(`${marker} [PATCH logiciels-libres v2 3/5] Titre`);
    assert.equal(reply.reply, true, marker);
    assert.equal(reply.version, 2, marker);
    assert.equal(reply.title, 'Titre', marker);
  }
  assert.equal(patch('[PATCH] Titre').reply, false);
});

test('a list tag before the patch brackets is not a wiki prefix', () => {
  const tagged = patch('[logiciels-libres] [PATCH v2] Titre');
  assert.deepEqual(tagged.tags, ['logiciels-libres']);
  assert.deepEqual(tagged.prefixes, []);
  assert.equal(namesWiki(tagged, 'logiciels-libres'), false);
  const replyAfterTag = patch('[liste] Re: [PATCH logiciels-libres] Titre');
  assert.equal(replyAfterTag.reply, true);
  assert.equal(namesWiki(replyAfterTag, 'logiciels-libres'), true);
});

test('routing: the prefix names this wiki, case ignored, several wikis on one list', () => {
  const subject = patch('[PATCH Logiciels-Libres v2 1/2] Titre');
  assert.equal(namesWiki(subject, 'logiciels-libres'), true);
  assert.equal(namesWiki(subject, 'autre-wiki'), false);
  assert.equal(namesWiki(subject, ''), false);
  assert.equal(namesWiki(patch('[PATCH autre-wiki logiciels-libres] x'), 'logiciels-libres'), true);
});

test('subjects without PATCH are discussion', () => {
  const cases: Array<[string, MailSubject]> = [
    ['Réunion du 12 mars', { kind: 'not-a-patch', reply: false, title: 'Réunion du 12 mars' }],
    ['Re: Réunion du 12 mars', { kind: 'not-a-patch', reply: true, title: 'Réunion du 12 mars' }],
    ['[Compte rendu] Réunion', { kind: 'not-a-patch', reply: false, title: '[Compte rendu] Réunion' }],
    ['[RFC] Une idée', { kind: 'not-a-patch', reply: false, title: '[RFC] Une idée' }],
    ['Patch du jour', { kind: 'not-a-patch', reply: false, title: 'Patch du jour' }],
    ['', { kind: 'not-a-patch', reply: false, title: '' }],
  ];
  for (const [subject, expected] of cases) assert.deepEqual(parseSubject(subject), expected, subject);
});

test('hostile subjects: impossible counters, unclosed brackets, huge numbers, folded whitespace, long input', () => {
  assert.deepEqual(patch('[PATCH 6/5] Titre').part, { kind: 'single' });
  assert.deepEqual(patch('[PATCH 1/0] Titre').part, { kind: 'single' });
  assert.deepEqual(patch('[PATCH 99999/99999] Titre').prefixes, ['99999/99999']);
  assert.equal(patch('[PATCH v0] Titre').version, 1);
  assert.equal(parseSubject('[PATCH Titre sans fin').kind, 'not-a-patch');
  assert.equal(patch('[PATCH\n\tv2\r\n 1/2]\n Titre\n\tplié').title, 'Titre plié');
  const long = parseSubject(`[PATCH ${'['.repeat(50_000)}] ${'x'.repeat(100_000)}`);
  assert.equal(long.kind, 'not-a-patch');
  const many = patch(`${'[x] '.repeat(50_000)}[PATCH] fin`);
  assert.equal(many.tags.length, 50_000);
  assert.equal(many.title, 'fin');
});
