/**
 * `npm run bench -- edit`: 20 writers save pages at once through the editor of a started server, for
 * 30 seconds (`FEUILLET_BENCH_EDIT_SECONDS` to change it). Ten share one page (five of them on the
 * same line, so that conflicts happen; five on lines of their own, merged), ten edit a page each. Every
 * save must be answered committed (303) or conflict with the writer's text returned (409); the branch's
 * history must then hold exactly the committed saves, by the right authors, and `git fsck` be clean.
 * Prints saves per second, the answers and latency percentiles.
 */
import { performance } from 'node:perf_hooks';
import { run as git } from '../test/review/desk-fixture.js';
import { editWorld, type Browser, type EditWorld } from '../test/edit/edit-fixture.js';

const EDITORS = 20;
const SHARED_LINES = 10;

function sharedPage(): string {
  return ['# Page commune', '', ...Array.from({ length: SHARED_LINES }, (_, i) => `Ligne ${i} : texte de départ.\n`)].join('\n');
}

interface Tally {
  committed: number;
  conflicts: number;
  other: Map<number, number>;
  lost: number;
  latencies: number[];
}

function decode(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
}

async function openForm(w: EditWorld, browser: Browser, path: string): Promise<{ base: string; text: string }> {
  const html = await (await w.server.get(`/-/edit/${path}`, browser.cookie)).text();
  const base = /name="base" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const text = decode(/<textarea id="editor-text"[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '');
  return { base, text };
}

/** One editor's loop: open, change its line, save, until the time is up. */
async function editor(w: EditWorld, index: number, until: number, tally: Tally, committedBy: Map<string, number>): Promise<void> {
  const email = `editor${index}@example.org`;
  const browser = await w.person('writer', email, `Éditeur ${index}`);
  const path = index < EDITORS / 2 ? 'commune.md' : `page-${index}.md`;
  // Editors 0–4 all change line 0 of the shared page; 5–9 a line each.
  const line = index < 5 ? 0 : index < EDITORS / 2 ? index : 0;
  let round = 0;
  while (performance.now() < until) {
    round++;
    const form = await openForm(w, browser, path);
    const lines = form.text.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`Ligne ${line} :`));
    lines[at] = `Ligne ${line} : écrit par l’éditeur ${index}, tour ${round}.`;
    const mine = lines.join('\n');
    const started = performance.now();
    const answer = await browser.save(path, { base: form.base, text: mine, message: `Éditeur ${index}, tour ${round}` });
    const body = await answer.text();
    tally.latencies.push(performance.now() - started);
    if (answer.status === 303) {
      tally.committed++;
      committedBy.set(email, (committedBy.get(email) ?? 0) + 1);
    } else if (answer.status === 409) {
      tally.conflicts++;
      // The writer's text must come back whole.
      if (!decode(body).includes(`écrit par l’éditeur ${index}, tour ${round}.`)) tally.lost++;
    } else tally.other.set(answer.status, (tally.other.get(answer.status) ?? 0) + 1);
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function run(): Promise<void> {
  const seconds = Number(process.env.FEUILLET_BENCH_EDIT_SECONDS ?? 30);
  const files: Record<string, string> = { 'index.md': '# Accueil\n', 'commune.md': sharedPage() };
  for (let i = EDITORS / 2; i < EDITORS; i++) files[`page-${i}.md`] = `# Page ${i}\n\nLigne 0 : texte de départ.\n`;
  const w = await editWorld(files, { bare: true });
  try {
    const start = w.head();
    const tally: Tally = { committed: 0, conflicts: 0, other: new Map(), lost: 0, latencies: [] };
    const committedBy = new Map<string, number>();
    const began = performance.now();
    await Promise.all(Array.from({ length: EDITORS }, (_, i) => editor(w, i, began + seconds * 1000, tally, committedBy)));
    const elapsed = (performance.now() - began) / 1000;

    const history = git(w.world.repo, ['log', '--format=%ae', `${start}..main`]).trim().split('\n').filter(Boolean);
    const byAuthor = new Map<string, number>();
    for (const email of history) byAuthor.set(email, (byAuthor.get(email) ?? 0) + 1);
    const sameAuthors = [...new Set([...byAuthor.keys(), ...committedBy.keys()])].every((email) => byAuthor.get(email) === committedBy.get(email));
    const linear = git(w.world.repo, ['rev-list', '--min-parents=2', '--count', `${start}..main`]).trim() === '0';
    let fsck = 'clean';
    try {
      git(w.world.repo, ['fsck', '--no-progress', '--strict']);
    } catch (error) {
      fsck = `FAILED: ${(error as Error).message}`;
    }
    const sorted = [...tally.latencies].sort((a, b) => a - b);
    const saves = tally.latencies.length;
    console.log(`\nbench/edit: ${EDITORS} editors for ${elapsed.toFixed(1)} s (10 on one page, 10 on a page each)`);
    console.log(`  saves answered: ${saves} (${(saves / elapsed).toFixed(1)}/s): committed ${tally.committed}, conflict ${tally.conflicts}, other ${[...tally.other].map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}`);
    console.log(`  conflicts without the writer's text returned: ${tally.lost}`);
    console.log(`  save latency: median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`);
    console.log(`  history: ${history.length} new commits for ${tally.committed} committed saves; authors match: ${sameAuthors}; linear: ${linear}; git fsck: ${fsck}`);
    const ok = history.length === tally.committed && sameAuthors && linear && fsck === 'clean' && tally.lost === 0 && tally.other.size === 0;
    if (!ok) throw new Error('bench/edit: the history does not hold exactly the committed saves, or a save was answered otherwise');
  } finally {
    await w.close();
  }
}
