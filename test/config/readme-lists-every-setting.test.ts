import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withReference } from '../../scripts/update-readme-config.js';

test('the README documents every setting as the schema defines it', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(readme, withReference(readme), 'run: node --import tsx scripts/update-readme-config.ts');
});
