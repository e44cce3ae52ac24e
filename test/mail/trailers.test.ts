import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrailerLine, splitTrailers, trailersFromReply } from '../../src/mail/trailers.js';

test('trailer lines: well-known keys get their usual spelling, persons their address', () => {
  assert.deepEqual(parseTrailerLine('reviewed-by: Bob Martin <bob@example.org>'), {
    key: 'Reviewed-by',
    value: 'Bob Martin <bob@example.org>',
    person: { name: 'Bob Martin', address: 'bob@example.org' },
  });
  assert.deepEqual(parseTrailerLine('Acked-by: "Dupré, Élodie" <elodie@example.org> # pour la doc')?.person, {
    name: 'Dupré, Élodie',
    address: 'elodie@example.org',
  });
  assert.deepEqual(parseTrailerLine('Tested-by: camille@example.org')?.person, { name: '', address: 'camille@example.org' });
  assert.equal(parseTrailerLine('Link: https://example.org/x')?.person, undefined);
  assert.equal(parseTrailerLine('https://example.org/x'), undefined);
  assert.equal(parseTrailerLine('pas un trailer'), undefined);
});

test('splitTrailers keeps text that only looks like trailers when the last paragraph is mixed', () => {
  assert.deepEqual(splitTrailers(['Titre', '', 'Signed-off-by: A <a@x.org>', '', '']), {
    text: ['Titre'],
    trailers: [{ key: 'Signed-off-by', value: 'A <a@x.org>', person: { name: 'A', address: 'a@x.org' } }],
  });
  assert.deepEqual(splitTrailers(['Signed-off-by: A <a@x.org>']).text, []);
  assert.deepEqual(splitTrailers([]), { text: [], trailers: [] });
});

const REPLY = `Bonjour,

> Signed-off-by: Quelqu'un <quelquun@example.org>
> +une ligne du correctif

Relu, c'est bon pour moi.

Reviewed-by: Bob Martin <bob@example.org>
Acked-by: bob martin <BOB@example.org>
Tested-by: Chloé <chloe@example.org>
Reviewed-by: Bob Martin
Link: https://example.org/discussion
Note: ceci n'est pas un trailer
Reviewed-by: Bob Martin <bob@example.org>

-- 
Bob
Signed-off-by: Bob Martin <bob@example.org>
`;

test('follow-up trailers from a reply follow b4 rules', () => {
  const { accepted, refused } = trailersFromReply(REPLY, 'Bob@Example.org');
  assert.deepEqual(
    accepted.map((trailer) => `${trailer.key}: ${trailer.value}`),
    ['Reviewed-by: Bob Martin <bob@example.org>', 'Acked-by: bob martin <BOB@example.org>', 'Link: https://example.org/discussion'],
  );
  assert.deepEqual(
    refused.map((refusal) => [refusal.line, refusal.code]),
    [
      ['Tested-by: Chloé <chloe@example.org>', 'not-from-sender'],
      ['Reviewed-by: Bob Martin', 'no-address'],
    ],
  );
  assert.match(refused[0]?.fr ?? '', /autre personne/);
  assert.match(refused[0]?.en ?? '', /someone other/);
});

test('reply trailers with control or bidirectional characters are refused', () => {
  const { accepted, refused } = trailersFromReply(
    'Reviewed-by: Bob \u202eMartin <bob@example.org>\nAcked-by: Bob\u0007 <bob@example.org>\nTested-by: Bob <bob@example.org>\r\n',
    'bob@example.org',
  );
  assert.deepEqual(accepted.map((trailer) => trailer.key), ['Tested-by']);
  assert.deepEqual(refused.map((refusal) => refusal.code), ['control-characters', 'control-characters']);
});

test('hostile replies: empty, huge, only quotes, endless runs of spaces', () => {
  assert.deepEqual(trailersFromReply('', 'a@example.org'), { accepted: [], refused: [] });
  assert.deepEqual(trailersFromReply('> Reviewed-by: A <a@example.org>\n'.repeat(1000), 'a@example.org').accepted, []);
  const spaces = ' '.repeat(200_000);
  assert.deepEqual(trailersFromReply(`Reviewed-by: a${spaces}b\nTested-by: A${spaces}<a@example.org>${spaces}x\nLink: x${spaces}\n`, 'a@example.org').accepted.map((trailer) => trailer.key), ['Tested-by', 'Link']);
  assert.equal(splitTrailers([`Signed-off-by: A${spaces}`]).trailers[0]?.value, 'A');
  const huge = `${'Reviewed-by: A <a@example.org>\n'.repeat(50_000)}${'x'.repeat(1_000_000)}`;
  assert.equal(trailersFromReply(huge, 'a@example.org').accepted.length, 1);
});
