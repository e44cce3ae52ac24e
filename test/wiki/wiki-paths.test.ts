import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWikiPath } from '../../src/wiki/path.js';

test('a wiki path refuses what climbs, hides in .git, is empty between slashes or holds control characters', () => {
  for (const fine of ['', 'a', 'a/b.md', '.gitignore', 'a/.github/x', '...', 'a/..b', 'été/café.md', `${'x/'.repeat(200)}y`]) {
    assert.notEqual(parseWikiPath(fine), undefined, JSON.stringify(fine));
  }
  for (const bad of ['/a', 'a/', 'a//b', '.', '..', 'a/./b', 'a/../b', '../a', '.git', 'a/.GIT/b', 'a/.git', '.Git/config', 'x\\y', 'a\u0000b', 'a\nb', '\u007f']) {
    assert.equal(parseWikiPath(bad), undefined, JSON.stringify(bad));
  }
  // NFD names (as macOS writes them) are read as NFC.
  assert.equal(parseWikiPath('e\u0301te\u0301.md'), 'été.md');
});
