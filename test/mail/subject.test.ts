import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namesWiki, parseSubject, partPosition, type PatchSubject } from '../../src/mail/subject.js';

function patch(subject: string): PatchSubject {
  const parsed = parseSubject(subject);
  assert.equal(parsed.kind, 'patch', `${subject} should be a patch`);
  return parsed as PatchSubject;
}

// The cases of one subject and its fields are in fixtures/subjects.txt (subject-fixtures.test.ts).

test('a cover letter stands before the first patch; a single patch is one of one', () => {
  assert.deepEqual(partPosition(patch('[PATCH logiciels-libres v2 0/4] Réorganise les archives').part), { index: 0, total: 4 });
  assert.deepEqual(partPosition(patch('[PATCH] Corrige une coquille').part), { index: 1, total: 1 });
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

test('a list tag before the patch brackets does not name the wiki', () => {
  assert.equal(namesWiki(patch('[logiciels-libres] [PATCH v2] Titre'), 'logiciels-libres'), false);
  assert.equal(namesWiki(patch('[liste] Re: [PATCH logiciels-libres] Titre'), 'logiciels-libres'), true);
});

test('routing: the prefix names this wiki, case ignored, several wikis on one list', () => {
  const subject = patch('[PATCH Logiciels-Libres v2 1/2] Titre');
  assert.equal(namesWiki(subject, 'logiciels-libres'), true);
  assert.equal(namesWiki(subject, 'autre-wiki'), false);
  assert.equal(namesWiki(subject, ''), false);
  assert.equal(namesWiki(patch('[PATCH autre-wiki logiciels-libres] x'), 'logiciels-libres'), true);
});

test('hostile subjects: folded whitespace, long input (impossible counters and unclosed brackets: subjects.txt)', () => {
  assert.equal(patch('[PATCH\n\tv2\r\n 1/2]\n Titre\n\tplié').title, 'Titre plié');
  const long = parseSubject(`[PATCH ${'['.repeat(50_000)}] ${'x'.repeat(100_000)}`);
  assert.equal(long.kind, 'not-a-patch');
  const many = patch(`${'[x] '.repeat(50_000)}[PATCH] fin`);
  assert.equal(many.tags.length, 50_000);
  assert.equal(many.title, 'fin');
});
