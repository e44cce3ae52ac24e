// `feuillet build` against Hugo and Eleventy on the same generated wikis (issue 7).
// Run: `npm run build && node --import tsx bench/build.ts [PAGES…]` (e.g. `1000 10000 20000 100000`; or
// through bench/run.ts, which calls `run()`). Also times a rename of a page 50 others link to (with the
// number of pages it rendered again) and the first byte of `feuillet serve` on the cold wiki.
// Needs ../shared/bench/gen-corpus.mjs; Hugo from Debian (`apt-get install hugo`) and Eleventy from the
// devDependencies are timed when present. Each tool runs in its own process, timed by /usr/bin/time when the
// machine has it (wall time and peak memory), by the clock otherwise.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-corpus.mjs', import.meta.url));
const CLI = join(ROOT, 'bin/feuillet.js');
const ELEVENTY = join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs');
const PEERS = join(ROOT, 'bench/peers');
const SIZES = [1_000, 10_000];

interface Measure {
  seconds: number;
  /** Peak resident memory in MB, when /usr/bin/time could tell. */
  peakMb?: number;
  ok: boolean;
  /** Pages and listings `feuillet build` says it rendered. */
  rendered?: number;
}

function has(command: string, args: string[] = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timed(command: string, args: string[], cwd = ROOT): Measure {
  if (TIME) {
    const result = spawnSync(TIME, ['-f', 'FEUILLET_BENCH %e %M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const line = /FEUILLET_BENCH ([\d.]+) (\d+)/.exec(result.stderr ?? '');
    const rendered = /\((\d+) (?:rendus|rendered)/.exec(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    if (line) return { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024, ok: result.status === 0, ...(rendered ? { rendered: Number(rendered[1]) } : {}) };
  }
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
  return { seconds: (performance.now() - start) / 1000, ok: result.status === 0 };
}

// No automatic gc in the background: the benchmark packs the repository itself, once, before timing.
const git = (dir: string, args: string[]) =>
  execFileSync('git', ['-c', 'gc.auto=0', ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org' },
  });

function generate(out: string, pages: number, layout: 'plain' | 'hugo'): void {
  execFileSync(process.execPath, [GENERATOR, out, '--pages', String(pages), '--seed', '1', '--layout', layout], { stdio: 'ignore' });
}

function show(label: string, m: Measure | undefined): string {
  if (!m) return `${label.padEnd(34)} (not available)`;
  const peak = m.peakMb === undefined ? '' : `  peak ${m.peakMb.toFixed(0).padStart(5)} MB`;
  const rendered = m.rendered === undefined ? '' : `  ${m.rendered} rendered`;
  return `${label.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s${peak}${rendered}${m.ok ? '' : '  FAILED'}`;
}

function ratio(a: Measure | undefined, b: Measure | undefined): string {
  return a && b && b.seconds > 0 ? `${(a.seconds / b.seconds).toFixed(2)}×` : 'n/a';
}

async function inProcessRebuild(repo: string, out: string): Promise<number> {
  // The build's own time for one changed page, without starting Node: what a `--watch` process pays.
  const { buildSite } = (await import(pathToFileURL(join(ROOT, 'dist/site/build.js')).href)) as typeof import('../src/site/build.js');
  const { ASSETS, ASSETS_VERSION } = (await import(pathToFileURL(join(ROOT, 'dist/server/assets.js')).href)) as typeof import('../src/server/assets.js');
  const start = performance.now();
  await buildSite({ wiki: { repo }, outDir: out, assets: ASSETS, assetsVersion: ASSETS_VERSION });
  return (performance.now() - start) / 1000;
}

/** One page changed and committed, as a writer would. */
function editOnePage(repo: string): void {
  const pages = git(repo, ['ls-files', '-z', '*.md']).split('\0').filter(Boolean);
  const page = pages[Math.floor(pages.length / 2)] ?? 'index.md';
  appendFileSync(join(repo, page), `\nUne ligne ajoutée à ${new Date().toISOString()}.\n`);
  git(repo, ['commit', '--quiet', '-m', 'bench: one page', '--', page]);
}

/** A page in a folder of its own that 50 pages link to, committed: the rename benchmark moves it. */
function addLinkedPage(repo: string): void {
  mkdirSync(join(repo, 'bench-cible'), { recursive: true });
  writeFileSync(join(repo, 'bench-cible/cible.md'), '---\ntitle: Cible\n---\nLa page que 50 autres citent.\n');
  const pages = git(repo, ['-c', 'core.quotePath=false', 'ls-files', '*.md']).split('\n').filter((p) => p.endsWith('.md') && !p.startsWith('bench-cible/')).slice(0, 50);
  for (const page of pages) appendFileSync(join(repo, page), `\nVoir [la cible](/bench-cible/cible.md).\n`);
  git(repo, ['add', '--all']);
  git(repo, ['commit', '--quiet', '-m', 'bench: 50 pages link to one']);
}

/** Seconds from `feuillet serve` on a cold wiki (no data folder) to the first byte of a page deep in it. */
async function firstByte(repo: string, work: string): Promise<number> {
  const pages = git(repo, ['-c', 'core.quotePath=false', 'ls-files', '*.md']).split('\n').filter(Boolean);
  const page = pages[Math.floor(pages.length * 0.7)] ?? 'index.md';
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}/${page.replace(/\.md$/, '').split('/').map(encodeURIComponent).join('/')}`;
  const start = performance.now();
  const server = spawn(process.execPath, [CLI, 'serve', repo, '--port', String(port), '--data', join(work, 'serve-data')], { stdio: 'ignore' });
  try {
    for (;;) {
      const status = await fetch(url).then((r) => r.status, () => 0);
      if (status === 200) return (performance.now() - start) / 1000;
      if (performance.now() - start > 60_000) return Number.NaN;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    server.kill();
  }
}

async function benchSize(pages: number, tools: { hugo: boolean; eleventy: boolean }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `feuillet-bench-${pages}-`));
  try {
    const repo = join(work, 'wiki');
    generate(repo, pages, 'plain');
    git(repo, ['init', '--quiet', '--initial-branch=main']);
    git(repo, ['add', '--all']);
    git(repo, ['commit', '--quiet', '-m', 'corpus']);
    git(repo, ['gc', '--quiet']);
    const out = join(work, 'site');
    const full = timed(process.execPath, [CLI, 'build', repo, '--out', out]);
    const noop = timed(process.execPath, [CLI, 'build', repo, '--out', out]);
    editOnePage(repo);
    const onePage = timed(process.execPath, [CLI, 'build', repo, '--out', out]);
    editOnePage(repo);
    const inProcess = await inProcessRebuild(repo, out);
    addLinkedPage(repo);
    timed(process.execPath, [CLI, 'build', repo, '--out', out]);
    git(repo, ['mv', 'bench-cible/cible.md', 'bench-cible/renommee.md']);
    git(repo, ['commit', '--quiet', '-m', 'bench: rename a page 50 others link to']);
    const rename = timed(process.execPath, [CLI, 'build', repo, '--out', out]);
    const serveFirstByte = await firstByte(repo, work);

    let hugo: Measure | undefined;
    if (tools.hugo) {
      const site = join(work, 'hugo');
      generate(site, pages, 'hugo');
      cpSync(join(PEERS, 'hugo'), site, { recursive: true });
      hugo = timed('hugo', ['--quiet', '--source', site, '--destination', join(work, 'hugo-out'), '--cacheDir', join(work, 'hugo-cache')]);
    }
    let eleventy: Measure | undefined;
    if (tools.eleventy) {
      // Eleventy reads the same folder as Feuillet (git ignores what it adds: it is never committed).
      cpSync(join(PEERS, 'eleventy'), repo, { recursive: true });
      eleventy = timed(process.execPath, [ELEVENTY, `--input=${repo}`, `--output=${join(work, 'eleventy-out')}`, '--quiet'], work);
    }

    console.log(`\n${pages.toLocaleString('en')} pages`);
    console.log(show('feuillet build, full', full));
    console.log(show('feuillet build, nothing changed', noop));
    console.log(show('feuillet build, one page changed', onePage));
    console.log(show('  same, in process (no Node start)', { seconds: inProcess, ok: true }));
    console.log(show('feuillet build, page renamed', rename));
    console.log(show('feuillet serve cold, first byte', { seconds: serveFirstByte, ok: Number.isFinite(serveFirstByte) }));
    console.log(show('hugo, full', hugo));
    console.log(show('eleventy, full', eleventy));
    console.log(`ratios: feuillet/hugo ${ratio(full, hugo)}, feuillet/eleventy ${ratio(full, eleventy)}, one page/full ${((onePage.seconds / full.seconds) * 100).toFixed(1)} % (in process ${((inProcess / full.seconds) * 100).toFixed(1)} %)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Prints the figures of `feuillet build` against Hugo and Eleventy, for 1,000 and 10,000 pages. */
export async function run(sizes: readonly number[] = SIZES): Promise<void> {
  console.log('# feuillet build vs Hugo and Eleventy');
  if (!existsSync(GENERATOR)) {
    console.log('skipped: this benchmark needs ../shared/bench/gen-corpus.mjs (beside the repository), absent here');
    return;
  }
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    console.log('skipped: run `npm run build` first (the benchmark times the compiled command)');
    return;
  }
  const tools = { hugo: has('hugo', ['version']), eleventy: existsSync(ELEVENTY) };
  if (!tools.hugo) console.log('hugo not found (Debian: apt-get install hugo): not timed');
  if (!tools.eleventy) console.log('@11ty/eleventy not installed (npm install): not timed');
  for (const pages of sizes) await benchSize(pages, tools);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await run(sizes.length > 0 ? sizes : SIZES);
}
