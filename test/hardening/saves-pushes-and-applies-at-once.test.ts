// Reliability suite, concurrency: for a few seconds, writers save from the web (each on a page of their
// own, and all on one shared page), two people push over HTTP with git, and a maintainer applies proposed
// patches — all against one served wiki. No answer is a 5xx; every save answered 303 and every push that
// git reported done is in the branch's history; every refused save gives the writer's text back; the
// history is linear and git fsck is clean. Bounded in time to stay within CI's budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChange } from '../../src/review/actions.js';
import { listChanges } from '../../src/review/changes.js';
import { cloneName } from '../../src/server/middleware/services.js';
import { MAINTAINER, PREFIX, run } from '../review/desk-fixture.js';
import { editWorld } from '../edit/edit-fixture.js';
import { gitAsUser } from '../helpers/repo.js';

const SECONDS = 6;
const WRITERS = 6;
const PUSHERS = 2;
const PATCHES = 4;

test('saves, pushes and applies at once: no 5xx, nothing acknowledged lost, refused saves give the text back', async () => {
  const files: Record<string, string> = { 'index.md': '# Accueil\n', 'commune.md': '# Commune\n\nUne ligne.\n' };
  for (let i = 0; i < WRITERS; i++) files[`pages/p${i}.md`] = `# Page ${i}\n\nDépart.\n`;
  // Bare, as a server's repository is: a push into a checked-out branch is refused while a save moves
  // the work tree ("staged changes"), which is git's rule for non-bare repositories, not Feuillet's.
  const w = await editWorld(files, { bare: true });
  try {
    const deadline = Date.now() + SECONDS * 1000;
    // On a machine busy with other tests, the run goes on past the deadline until some work of each kind
    // is done (within a bound), so that what is checked never depends on the machine's speed.
    const longest = Date.now() + 10 * SECONDS * 1000;
    const goOn = () => Date.now() < deadline || (Date.now() < longest && !(saved.length > WRITERS && pushed.length >= 1));
    const serverErrors: string[] = [];
    const saved: string[] = [];
    const pushed: string[] = [];
    let givenBack = 0;

    // Patches proposed beforehand, applied during the run.
    const c = w.world.contributor;
    for (let i = 0; i < PATCHES; i++) {
      c.commit(`Proposition ${i}`, { [`propositions/n${i}.md`]: `# Proposition ${i}\n` });
      await w.world.ingest(c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    }

    const writer = async (i: number) => {
      const person = await w.person('writer', `w${i}@example.org`, `Rédacteur ${i}`);
      for (let n = 0; goOn(); n++) {
        const page = n % 3 === 2 ? 'commune.md' : `pages/p${i}.md`;
        const form = await person.open(page);
        const mark = `save-w${i}-${n}`;
        const answer = await person.save(page, { base: form.base, text: form.text.replace(/\n*$/, `\n\nLigne ${mark}.\n`), message: mark });
        if (answer.status >= 500) serverErrors.push(`save ${page}: ${answer.status}`);
        else if (answer.status === 303) saved.push(mark);
        else {
          const body = await answer.text();
          assert.ok(body.includes(`Ligne ${mark}.`), `a refused save (${answer.status}) gives the text back`);
          givenBack++;
        }
        // A person types between two saves; a loop that never pauses would starve everyone else.
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    };

    const pusher = async (i: number) => {
      const token = await w.server.accessToken(`push${i}@example.org`, 'writer');
      const url = new URL(`${cloneName(PREFIX)}.git`, w.server.url);
      url.username = 'x';
      url.password = token;
      const dir = join(w.world.parent, `pusher-${i}`);
      const cloned = await gitAsUser(w.world.parent, ['clone', '--quiet', url.href, dir]);
      assert.ok(cloned.ok, cloned.out);
      for (let n = 0; goOn(); n++) {
        const mark = `push-${i}-${n}`;
        writeFileSync(join(dir, `pousse-${i}.md`), `# Poussé ${i}\n\n${mark}\n`);
        await gitAsUser(dir, ['add', '--all']);
        await gitAsUser(dir, ['commit', '--quiet', '-m', mark]);
        // The branch moves under us (saves, the other pusher): fetch, rebase, push again, as a person would.
        for (let attempt = 0; attempt < 20; attempt++) {
          const push = await gitAsUser(dir, ['push', '--quiet', 'origin', 'HEAD:main']);
          if (/\b50\d\b/.test(push.out)) serverErrors.push(`push: ${push.out}`);
          if (push.ok) {
            pushed.push(mark);
            break;
          }
          await gitAsUser(dir, ['pull', '--quiet', '--rebase', 'origin', 'main']);
        }
        // People push now and then, not in a loop: an apply takes its turn between two pushes.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };

    const applier = async () => {
      const proposed = (await listChanges(w.world.db)).changes.filter((change) => change.state === 'proposed');
      for (const change of proposed) {
        // Saves wait for an apply's turn; only pushes can still move the branch under it, and then the
        // maintainer is told to try again, as they would.
        let result = await applyChange(w.world.desk, change.number, MAINTAINER);
        for (let click = 0; click < 3 && result.kind === 'branch-moved'; click++) result = await applyChange(w.world.desk, change.number, MAINTAINER);
        assert.equal(result.kind, 'applied', `apply #${change.number}`);
        await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / (PATCHES + 1)));
      }
    };

    await Promise.all([...Array.from({ length: WRITERS }, (_, i) => writer(i)), ...Array.from({ length: PUSHERS }, (_, i) => pusher(i)), applier()]);

    assert.deepEqual(serverErrors, []);
    const subjects = new Set(run(w.world.repo, ['log', '--format=%s', 'main']).trim().split('\n'));
    assert.deepEqual(saved.filter((mark) => !subjects.has(mark)), [], 'every acknowledged save is in the history');
    assert.deepEqual(pushed.filter((mark) => !subjects.has(mark)), [], 'every push git reported done is in the history');
    const applied = (await listChanges(w.world.db)).changes.filter((change) => change.state === 'applied').length;
    assert.equal(applied, PATCHES, 'every proposed patch applied');
    assert.ok(saved.length > WRITERS && pushed.length >= 1, `work was done: ${saved.length} saves, ${pushed.length} pushes, ${givenBack} given back`);
    assert.equal(run(w.world.repo, ['rev-list', '--merges', '--count', 'main']).trim(), '0', 'a linear history');
    run(w.world.repo, ['fsck', '--no-progress']);
  } finally {
    await w.close();
  }
});
