// Search and history figures on the 10,000-page generated wiki (../shared/bench/gen-corpus.mjs):
// time to build the search index from git, median and 99th-percentile latency of 1,000 varied queries,
// and the latency of a page's history when that page has 5,000 commits (a repository made with
// `git fast-import`). Targets (issue 6): index < 3 s, p99 query < 5 ms, history < 100 ms.
// Search is timed through the compiled modules (dist/, made by `npm run bench`), as `feuillet serve` runs
// them: under tsx, the index's writer thread would first compile its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wordsOf } from '../src/search/query.js';
import { historyDocument } from '../src/pages/history-documents.js';
import { WikiHistory } from '../src/wiki/history.js';
import { openWiki } from '../src/wiki/open.js';
import type { WikiPath } from '../src/wiki/path.js';
import { ASSETS_VERSION } from '../src/server/assets.js';
import { publicationOf } from '../src/pages/publication.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-corpus.mjs', import.meta.url));
const compiled = <T>(path: string) => import(pathToFileURL(join(ROOT, 'dist', path)).href) as Promise<T>;
const PAGES = 10_000;
const QUERIES = 1_000;
const PAGE_COMMITS = 5_000;
const IDENTITY = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, encoding: 'utf8', input, maxBuffer: 1 << 30 });
}

/** A seeded generator (mulberry32): the same queries on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const strip = (word: string) => word.normalize('NFD').replace(/\p{M}+/gu, '');

/** What readers type: words, words being typed, several words, phrases, no accents, capitals, a folder, typos. */
function variedQueries(texts: string[], folders: string[]): { query: string; folder: string }[] {
  const next = random(6);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  const sentences = texts.flatMap((t) => t.split(/[.!?\n]/)).filter((s) => wordsOf(s).length >= 3);
  const words = [...new Set(sentences.flatMap((s) => wordsOf(s)).filter((w) => w.length >= 3))];
  const queries: { query: string; folder: string }[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const sentence = wordsOf(pick(sentences));
    const at = Math.floor(next() * (sentence.length - 2));
    const kind = i % 10;
    let query: string;
    if (kind === 0) query = pick(words);
    else if (kind === 1) query = pick(words).slice(0, 2 + Math.floor(next() * 4)); // typing
    else if (kind === 2) query = sentence.slice(at, at + 2).join(' ');
    else if (kind === 3) query = sentence.slice(at, at + 3).join(' ');
    else if (kind === 4) query = `"${sentence.slice(at, at + 2).join(' ')}"`;
    else if (kind === 5) query = strip(pick(words));
    else if (kind === 6) query = pick(words).toUpperCase();
    else if (kind === 7) query = `${pick(words)} ${pick(words).slice(0, 3)}`;
    else if (kind === 8) query = `${pick(words)}x${pick(words)}`; // nothing matches
    else query = `${pick(words)} -${pick(words)}`;
    queries.push({ query, folder: kind === 2 || kind === 7 ? pick(folders) : '' });
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

function latencies(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`  ${label}: median ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1) ?? NaN)}`);
}

async function benchSearch(parent: string): Promise<void> {
  const dir = join(parent, 'wiki');
  execFileSync(process.execPath, [GENERATOR, dir, '--pages', String(PAGES), '--seed', '1'], { stdio: 'ignore' });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  // No automatic `git gc` started in the background by the commit: it would be timed with the index
  // (twice its time, measured). The repository is packed first, as a clone is, and what was just written
  // reaches the disk before the clock starts.
  git(dir, ['-c', 'gc.auto=0', 'commit', '--quiet', '-m', 'Corpus']);
  git(dir, ['gc', '--quiet']);
  execFileSync('sync');
  const { SearchIndexFile } = await compiled<typeof import('../src/search/index-file.js')>('search/index-file.js');
  const { parseQuery } = await compiled<typeof import('../src/search/query.js')>('search/query.js');
  const { SiteSearch } = await compiled<typeof import('../src/search/site-search.js')>('search/site-search.js');
  const { openWiki: openCompiled } = await compiled<typeof import('../src/wiki/open.js')>('wiki/open.js');
  const opened = await openCompiled({ repo: dir });
  const file = join(parent, 'search.sqlite');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const search = new SiteSearch(opened.wiki, file);
  await search.ready();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(`search index of ${search.lastUpdate.indexed} pages: ${(wall / 1000).toFixed(2)} s (this process's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s; target < 3 s)`);

  const revision = await opened.wiki.revision();
  const sample = opened.wiki.pages(revision).slice(0, 400);
  const texts = await Promise.all(sample.map(async (f) => (await opened.source.read(f)).toString('utf8')));
  const folders = [...revision.folders].filter((f) => f !== '');
  const queries = variedQueries(texts, folders);
  for (const { query, folder } of queries.slice(0, 100)) await search.search({ query, folder: folder as WikiPath });

  // CPU time beside wall time: on a shared machine, wall time also counts the time other processes held the CPU.
  const timed = async (run: (query: string, folder: string) => unknown) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (const { query, folder } of queries) {
      const c = process.cpuUsage();
      const t = performance.now();
      await run(query, folder);
      wall.push(performance.now() - t);
      const u = process.cpuUsage(c);
      cpu.push((u.user + u.system) / 1000);
    }
    return { wall, cpu };
  };
  let found = 0;
  const ask = async (query: string, folder: string) => {
    if ((await search.search({ query, folder: folder as WikiPath })).results.length > 0) found++;
  };
  // Asked a first time, a query's prefixes are listed from the index (then remembered until the next commit).
  const first = await timed(ask);
  const again = await timed(ask);
  const index = SearchIndexFile.open(file);
  const core = await timed((query, folder) => {
    const parsed = parseQuery(query);
    return parsed && index.hits(parsed, { folder, limit: 21, offset: 0 });
  });
  index.close();
  console.log(`${QUERIES} varied queries (${found / 2} with results; words, prefixes, phrases, several words, folders, exclusions), through the whole search (URLs, breadcrumbs):`);
  latencies('asked a first time, wall (target p99 < 5 ms)', first.wall);
  latencies('asked a first time, CPU', first.cpu);
  latencies('asked again, wall', again.wall);
  latencies('asked again, CPU', again.cpu);
  latencies('index query only (parse, rank, snippets; its own connection, first time), wall', core.wall);
  search.close();
  opened.source.close();
}

/** A repository whose page `suivi.md` has PAGE_COMMITS commits among twice as many, written by fast-import. */
function historyRepository(dir: string): void {
  mkdirSync(dir);
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let i = 1; i <= PAGE_COMMITS * 2; i++) {
    const page = i % 2 === 0 ? 'suivi.md' : `autres/page-${i % 50}.md`;
    const content = `# ${page}\n\nVersion ${i} du texte, avec une ligne qui change : ${i * 7919}.\n`;
    parts.push(
      `commit refs/heads/main\nmark :${i}\nauthor Bench <bench@example.org> ${1_600_000_000 + i * 60} +0100\ncommitter Bench <bench@example.org> ${1_600_000_000 + i * 60} +0100\n`,
      data(`Modifier ${page} (${i})`),
      i > 1 ? `from :${i - 1}\n` : '',
      `M 100644 inline ${page}\n`,
      data(content),
    );
  }
  git(dir, ['fast-import', '--quiet'], parts.join(''));
  git(dir, ['checkout', '--quiet', 'main']);
}

async function benchHistory(parent: string): Promise<void> {
  const dir = join(parent, 'history');
  const started = performance.now();
  historyRepository(dir);
  console.log(`history repository: ${PAGE_COMMITS * 2} commits, ${PAGE_COMMITS} of them on suivi.md (fast-import, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const opened = await openWiki({ repo: dir });
  const history = WikiHistory.of(opened.wiki);
  if (!history) throw new Error('not a git wiki');
  const pub = publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION });
  const path = 'suivi.md' as WikiPath;
  const first = await history.pageHistory(path, 1, 50);
  if (first.items.length !== 50 || !first.hasMore) throw new Error('unexpected history');
  const runs = (n: number, work: () => Promise<unknown>) =>
    (async () => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await work();
        samples.push(performance.now() - t);
      }
      return samples;
    })();
  latencies('history, first 50 commits of the page (git log --follow)', await runs(30, () => history.pageHistory(path, 1, 50)));
  latencies('history page as HTML (/-/history/suivi.md, uncached)', await runs(30, () => historyDocument(pub, path, 1, 'fr')));
  latencies('history, commits 2,451–2,500 (page 50)', await runs(5, () => history.pageHistory(path, 50, 50)));
  latencies('recent changes of the whole wiki, first 30 commits', await runs(30, () => history.changes(1, 30)));
  opened.source.close();
}

export async function run(): Promise<void> {
  if (!existsSync(GENERATOR)) {
    console.log('search: skipped, needs ../shared/bench/gen-corpus.mjs');
    return;
  }
  if (!existsSync(join(ROOT, 'dist/search/site-search.js'))) {
    console.log('search: skipped, run `npm run build` first (search is timed compiled)');
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'feuillet-bench-search-'));
  try {
    console.log(`search and history (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${readFileSync('/proc/cpuinfo', 'utf8').split('\nprocessor').length} CPU)`);
    await benchSearch(parent);
    await benchHistory(parent);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
