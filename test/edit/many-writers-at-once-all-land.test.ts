/**
 * Twelve writers save at once, twice over (six on one page, three of them on the same line; six on a page
 * each): every save is answered committed or conflict with the writer's text, the branch holds exactly
 * the committed saves by their authors, linear, the maintainer's work tree follows, and git fsck is clean.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../review/desk-fixture.js';
import { editWorld } from './edit-fixture.js';

const SHARED = ['# Commune', '', ...Array.from({ length: 6 }, (_, i) => `Ligne ${i} : départ.\n`)].join('\n');

test('twelve writers saving at once: each save committed or given back, the history holds exactly the committed ones', async () => {
  const files: Record<string, string> = { 'index.md': '# Accueil\n', 'commune.md': SHARED };
  for (let i = 6; i < 12; i++) files[`dossier/page-${i}.md`] = `# Page ${i}\n\nLigne 0 : départ.\n`;
  const w = await editWorld(files);
  try {
    const start = w.head();
    const writers = await Promise.all(Array.from({ length: 12 }, (_, i) => w.person('writer', `w${i}@example.org`, `Rédacteur ${i}`)));
    const committed = new Map<string, number>();
    let conflicts = 0;
    for (let round = 1; round <= 2; round++) {
      const forms = await Promise.all(writers.map((writer, i) => writer.open(i < 6 ? 'commune.md' : `dossier/page-${i}.md`)));
      const answers = await Promise.all(
        writers.map(async (writer, i) => {
          const form = forms[i];
          assert.ok(form);
          const line = i < 3 ? 0 : i < 6 ? i : 0;
          const text = form.text.replace(new RegExp(`Ligne ${line} : [^\\n]*`), `Ligne ${line} : rédacteur ${i}, tour ${round}.`);
          const answer = await writer.save(i < 6 ? 'commune.md' : `dossier/page-${i}.md`, { base: form.base, text, message: `Rédacteur ${i}, tour ${round}` });
          return { i, round, status: answer.status, body: await answer.text() };
        }),
      );
      for (const answer of answers) {
        assert.ok(answer.status === 303 || answer.status === 409, `save ${answer.i} answered ${answer.status}`);
        if (answer.status === 303) committed.set(`w${answer.i}@example.org`, (committed.get(`w${answer.i}@example.org`) ?? 0) + 1);
        else {
          conflicts++;
          assert.ok(answer.i < 3, 'only writers of the same line meet a conflict');
          assert.match(answer.body, new RegExp(`rédacteur ${answer.i}, tour ${answer.round}\\.`), 'the writer’s text comes back');
        }
      }
    }
    const authors = run(w.world.repo, ['log', '--format=%ae', `${start}..main`]).trim().split('\n');
    const byAuthor = new Map<string, number>();
    for (const email of authors) byAuthor.set(email, (byAuthor.get(email) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries([...byAuthor].sort()), Object.fromEntries([...committed].sort()));
    assert.equal(authors.length, 24 - conflicts);
    assert.ok(conflicts <= 4, 'at most two of the three writers of one line per round are given their text back');
    assert.equal(run(w.world.repo, ['rev-list', '--min-parents=2', '--count', `${start}..main`]).trim(), '0', 'linear');
    for (let i = 6; i < 12; i++) assert.match(run(w.world.repo, ['show', `main:dossier/page-${i}.md`]), new RegExp(`rédacteur ${i}, tour 2\\.`));
    const shared = run(w.world.repo, ['show', 'main:commune.md']);
    for (let i = 3; i < 6; i++) assert.match(shared, new RegExp(`Ligne ${i} : rédacteur ${i}, tour 2\\.`), 'edits of other lines are merged');
    assert.equal(run(w.world.repo, ['status', '--porcelain']), '', 'the work tree follows the branch');
    run(w.world.repo, ['fsck', '--strict', '--no-progress']);
  } finally {
    await w.close();
  }
});
