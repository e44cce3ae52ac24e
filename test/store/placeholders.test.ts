import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberedPlaceholders } from '../../src/store/placeholders.js';

test('question marks become numbered parameters, in order', () => {
  assert.equal(numberedPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?)'), 'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)');
  assert.equal(numberedPlaceholders('SELECT 1'), 'SELECT 1');
  assert.equal(numberedPlaceholders('?'), '$1');
});

test('question marks inside literals, identifiers, comments and dollar quotes are kept', () => {
  assert.equal(numberedPlaceholders("SELECT '?', 'it''s ?', ? FROM t"), "SELECT '?', 'it''s ?', $1 FROM t");
  assert.equal(numberedPlaceholders('SELECT "odd?name" FROM t WHERE x = ?'), 'SELECT "odd?name" FROM t WHERE x = $1');
  assert.equal(numberedPlaceholders('SELECT ? -- why?\n, ?'), 'SELECT $1 -- why?\n, $2');
  assert.equal(numberedPlaceholders('SELECT /* a ? b */ ?'), 'SELECT /* a ? b */ $1');
  assert.equal(numberedPlaceholders('SELECT $$ ? $$, $body$ ? $body$, ?'), 'SELECT $$ ? $$, $body$ ? $body$, $1');
  assert.equal(numberedPlaceholders('SELECT $1x'), 'SELECT $1x');
});

test('unterminated literals and comments end the scan without throwing', () => {
  for (const sql of ["SELECT '?", 'SELECT "?', 'SELECT /* ?', 'SELECT $$ ?', 'SELECT -- ?']) {
    assert.equal(numberedPlaceholders(sql), sql);
  }
  const huge = 'SELECT ' + '?,'.repeat(50_000) + '?';
  assert.ok(numberedPlaceholders(huge).endsWith('$50001'));
});
