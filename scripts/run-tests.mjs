#!/usr/bin/env node
// Runs every test/**/*.test.ts(x) file with node's test runner through tsx.
// Node 20's `--test` takes no glob patterns, so the files are listed here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : find('test').sort();
const result = spawnSync(
  process.execPath,
  // A test that hangs fails after twenty minutes with its name, instead of holding CI past its limit. The
  // limit also holds for each file as a whole: the longest file (the accessibility checks of one theme) takes
  // about five minutes on a loaded machine.
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=1200000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
