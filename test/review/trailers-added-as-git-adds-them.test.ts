/**
 * The trailers added to applied commits (`Link:`, review trailers from replies) land exactly where
 * `git interpret-trailers` puts them: compared with git itself on messages of every shape.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { appendTrailers } from '../../src/git/apply.js';

const MESSAGES = [
  'Titre seul\n',
  'Titre\n\nUn paragraphe de texte.\n',
  'Titre\n\nTexte.\n\nSigned-off-by: A <a@example.org>\n',
  'Titre\n\nTexte.\n\nSigned-off-by: A <a@example.org>\nReviewed-by: B <b@example.org>\n',
  'Titre\n\nTexte.\n\nReviewed-by: B <b@example.org>\n',
  'Titre\n\nCe paragraphe: a un deux-points.\nMais pas de trailer.\n',
  'Titre\n\nTexte.\n\nSigned-off-by: A <a@example.org>\nune ligne libre\nune autre\nencore une\n',
  'Titre\n\nTexte.\n\nSigned-off-by: A <a@example.org>\nune ligne libre\nune autre\nencore une\net une quatrième\n',
  'Titre\n\nTexte.\n\nFixes: 1234567 ("Un titre\n  sur deux lignes")\nSigned-off-by: A <a@example.org>\n',
  'Titre\n\nTexte.\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n',
  'Titre: avec deux-points\n',
  'Titre\n\nKey With Space: valeur\n',
  'Titre\n\nTexte.\n\nLink: mid:abc@example.org\n',
];

const TRAILERS = [
  ['Link: mid:abc@example.org'],
  ['Reviewed-by: B <b@example.org>', 'Link: https://wiki.example.org/-/archive/m/x%40y'],
  ['reviewed-by: b <B@example.org>'],
];

function gitTrailers(message: string, trailers: readonly string[]): string {
  const args = ['interpret-trailers', '--no-divider', '--if-exists', 'addIfDifferent', '--where', 'end', ...trailers.flatMap((line) => ['--trailer', line])];
  return execFileSync('git', args, { input: message, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
}

test('trailers are added where git interpret-trailers adds them', () => {
  for (const message of MESSAGES) {
    for (const trailers of TRAILERS) {
      assert.equal(appendTrailers(message, trailers), gitTrailers(message, trailers), `${JSON.stringify(message)} + ${JSON.stringify(trailers)}`);
    }
  }
});
