import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/make-example-pdf.mjs', import.meta.url));
const COMMITTED = fileURLToPath(new URL('../../example/docs/aide-memoire.pdf', import.meta.url));

test('the committed cheat sheet is what the script writes today', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-pdf-'));
  try {
    const out = join(dir, 'aide-memoire.pdf');
    const run = spawnSync(process.execPath, [SCRIPT, out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(readFileSync(out).equals(readFileSync(COMMITTED)), 'run `node scripts/make-example-pdf.mjs` and commit the PDF');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the cheat sheet is a well-formed PDF: every cross-reference offset lands on its object', () => {
  const pdf = readFileSync(COMMITTED).toString('latin1');
  assert.ok(pdf.startsWith('%PDF-1.4\n'));
  assert.ok(pdf.endsWith('%%EOF\n'));
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
  assert.equal(pdf.slice(startxref, startxref + 5), 'xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(startxref)) ?? [];
  assert.equal(first, '0');
  const entries = pdf.slice(startxref).split('\n').slice(2, 2 + Number(count));
  assert.equal(entries[0], '0000000000 65535 f ');
  for (const [n, entry] of entries.entries()) {
    if (n === 0) continue;
    assert.match(entry, /^\d{10} 00000 n $/, `entry ${n} is 20 bytes with its end of line`);
    const offset = Number(entry.slice(0, 10));
    assert.equal(pdf.slice(offset, offset + `${n} 0 obj`.length), `${n} 0 obj`, `object ${n} at ${offset}`);
  }
  assert.match(pdf, new RegExp(`trailer\\n<< /Size ${count} /Root 1 0 R /Info \\d+ 0 R >>`));
  // The one content stream's declared length is its real length.
  const stream = /\/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(pdf);
  assert.equal(Number(stream?.[1]), stream?.[2]?.length);
  // Accents are written in WinAnsiEncoding: "é" is byte 0351 (octal), the em dash 0227.
  assert.match(pdf, /\(Feuillet \\227 aide-m\\351moire\) Tj/);
});

test('text outside WinAnsiEncoding is refused rather than written wrongly', () => {
  // The script's text is fixed; this checks its encoder through a copy fed a character PDF fonts cannot show.
  const source = readFileSync(SCRIPT, 'utf8').replace("'Feuillet — aide-mémoire');", "'Feuillet — aide-mémoire ✓');");
  assert.notEqual(source, readFileSync(SCRIPT, 'utf8'), 'the title line to change is still in the script');
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-pdf-'));
  try {
    const run = spawnSync(process.execPath, ['--input-type=module', '-', join(dir, 'x.pdf')], { input: source, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /not in WinAnsiEncoding: ✓/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
