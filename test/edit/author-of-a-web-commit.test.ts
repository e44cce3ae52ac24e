import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorOf } from '../../src/edit/author.js';

// Saves, uploads, renames and deletions all name their author through this one function (they used to
// have two that disagreed on control characters and on the fallback name).
test('a web commit’s author is the display name without what git refuses, else the address’s local part', () => {
  assert.deepEqual(authorOf({ displayName: 'Élodie Dupré', email: 'elodie@example.org' }), { name: 'Élodie Dupré', email: 'elodie@example.org' });
  assert.deepEqual(authorOf({ displayName: 'Ana <admin@evil>\u0007\u007f', email: 'ana@example.org' }), { name: 'Ana admin@evil', email: 'ana@example.org' });
  for (const empty of ['', '  ', '<>', '\u0000\u007f', null, undefined]) {
    assert.deepEqual(authorOf({ displayName: empty, email: 'zoe@example.org' }), { name: 'zoe', email: 'zoe@example.org' }, JSON.stringify(empty));
  }
});
