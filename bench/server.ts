// `feuillet serve` on the 10,000-page generated wiki against nginx serving the same pages as files (issue 2).
// Run: `npm run build && node --import tsx bench/server.ts` (or through bench/run.ts, which calls `run()`).
// Needs ../shared/bench/gen-corpus.mjs and Debian's nginx; autocannon (a devDependency) is the load
// generator. Everything listens on 127.0.0.1, runs a bounded number of requests or seconds, and stops.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { serveWithCli, type CliServer } from '../test/helpers/browser.js';
import { NGINX, runNginx, type TestNginx } from '../test/helpers/nginx.js';
import { parseWikiPath } from '../src/wiki/path.js';
import { pageUrl } from '../src/wiki/urls.js';

const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-corpus.mjs', import.meta.url));
const PAGES = 10_000;
/** Distinct pages requested once each, to measure rendering; bounded by FIRST_SECONDS too. */
const FIRST_PAGES = 10_000;
const FIRST_SECONDS = 180;
/** Pages requested over and over once cached; also the pages written as static files for nginx. */
const CACHED_PAGES = 1_000;
const CACHED_SECONDS = 10;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
// What a French reader's browser sends (minus compression: both servers then send the same bytes).
const HEADERS = { 'accept-language': 'fr', accept: 'text/html' };

export interface Measure {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers: a run with any is not a valid figure. */
  failures: number;
}

/** The canonical URL of every page of the generated wiki, in a stable order. */
function pageUrls(wiki: string): string[] {
  const urls: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== '.git') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.md')) {
        const path = parseWikiPath(relative(wiki, full).split(sep).join('/'));
        if (path !== undefined) urls.push(pageUrl(path, entry.name === 'index.md'));
      }
    }
  };
  walk(wiki);
  return urls.sort();
}

/** Requests `paths` in turn across all connections (each once when `amount` equals their number). */
export async function load(label: string, base: string, paths: string[], limit: { amount: number } | { seconds: number }): Promise<Measure> {
  let next = 0;
  const options: autocannon.Options = {
    url: base,
    connections: CONNECTIONS,
    // A slow answer is a figure to report, not an error: only a server that stops answering fails.
    timeout: 60,
    headers: HEADERS,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
    ...('amount' in limit ? { amount: limit.amount } : { duration: limit.seconds }),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done) => (error ? reject(error) : resolve(done)));
    // A run by count gets a time limit too: a slow machine makes a shorter run, never an endless one.
    const deadline = setTimeout(() => instance.stop(), ('seconds' in limit ? limit.seconds : FIRST_SECONDS) * 1000 + 5_000);
    instance.once('done', () => clearTimeout(deadline));
  });
  return {
    label,
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** GET without compression, as the benchmark's client asks. */
async function body(url: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { ...HEADERS, 'accept-encoding': 'identity' } });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Writes each page as Feuillet serves it, where nginx finds it: `/a/` → a/index.html, `/a/b` → a/b.html. */
async function writeStaticPages(base: string, paths: string[], root: string): Promise<void> {
  for (const path of paths) {
    const decoded = path.split('/').map(decodeURIComponent).join('/');
    const file = join(root, decoded.endsWith('/') ? `${decoded}index.html` : `${decoded}.html`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await body(base + path));
  }
}

/** nginx serving the pages written as files, with `workers` worker processes. */
function startStaticNginx(root: string, workers: number): Promise<TestNginx> {
  return runNginx({
    workers,
    http: (port) => `  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  default_type application/octet-stream;
  charset utf-8;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri.html \${uri}index.html =404; }
  }`,
  });
}

export const format = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: Measure[]): string {
  const head = ['', 'requests', 'per second', 'p50 ms', 'p99 ms', 'failures'];
  const lines = rows.map((r) => [r.label, format(r.requests), format(r.perSecond), format(r.p50), format(r.p99), format(r.failures)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  return [head, ...lines].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** Feuillet's pages per second, first and repeated, with nginx on the same pages as the reference. */
export async function run(): Promise<void> {
  console.log(`\n== Server: feuillet serve vs nginx, ${format(PAGES)}-page generated wiki ==`);
  if (!existsSync(GENERATOR)) {
    console.log('skipped: needs ../shared/bench/gen-corpus.mjs, which a fresh clone of Feuillet does not have');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'feuillet-bench-server-'));
  // nginx's workers drop root privileges: they must be able to read the static files.
  chmodSync(work, 0o755);
  const wiki = join(work, 'wiki');
  const stops: (() => Promise<void>)[] = [];
  try {
    execFileSync(process.execPath, [GENERATOR, wiki, '--pages', String(PAGES), '--seed', '1'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Banc', '-c', 'user.email=banc@example.org', '-c', 'gc.auto=0', ...args], { cwd: wiki, stdio: ['ignore', 'ignore', 'inherit'] });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '--all');
    // Packed now, as a clone is: an automatic `git gc` in the background would run during the measures.
    git('commit', '--quiet', '-m', 'Wiki généré');
    git('gc', '--quiet');
    const urls = pageUrls(wiki);
    console.log(`${format(urls.length)} pages committed; ${availableParallelism()} cores; ${CONNECTIONS} connections; client, servers on 127.0.0.1`);

    const started = performance.now();
    const feuillet: CliServer = await serveWithCli([wiki], { timeoutMs: 300_000 });
    stops.push(feuillet.stop);
    const base = feuillet.url.replace(/\/$/, '');
    // Reading the revision's tree happens once per commit, not per page: done before measuring.
    await fetch(`${base}/page-absente-pour-amorcer`, { headers: HEADERS }).then((r) => r.arrayBuffer());
    console.log(`feuillet serve: listening and tree read in ${format((performance.now() - started) / 1000, 1)} s`);

    const rows: Measure[] = [];
    const first = urls.slice(0, FIRST_PAGES);
    const firstRun = await load('feuillet, first request of each page', base, first, { amount: first.length });
    rows.push(firstRun);
    // Spread over the pages just rendered (all of them unless the time limit cut the run short), so all
    // are in Feuillet's cache.
    const rendered = first.slice(0, firstRun.requests);
    const step = Math.max(1, Math.floor(rendered.length / CACHED_PAGES));
    const cached = rendered.filter((_, i) => i % step === 0).slice(0, CACHED_PAGES);
    await load('warm-up', base, cached, { seconds: WARMUP_SECONDS });
    const feuilletCached = await load('feuillet, cached pages', base, cached, { seconds: CACHED_SECONDS });
    rows.push(feuilletCached);

    let ratio: string | undefined;
    if (!NGINX) {
      console.log('nginx skipped: not installed (Debian: apt-get install nginx)');
    } else {
      const root = join(work, 'static');
      await writeStaticPages(base, cached, root);
      for (const workers of [availableParallelism(), 1]) {
        const nginx = await startStaticNginx(root, workers);
        stops.push(nginx.stop);
        const sample = cached[cached.length >> 1] ?? '/';
        if (!(await body(nginx.url + sample)).equals(await body(base + sample))) throw new Error(`nginx and Feuillet differ on ${sample}`);
        await load('warm-up', nginx.url, cached, { seconds: WARMUP_SECONDS });
        const measure = await load(`nginx (${workers} worker${workers > 1 ? 's' : ''}), same pages as files`, nginx.url, cached, { seconds: CACHED_SECONDS });
        rows.push(measure);
        if (workers === availableParallelism()) ratio = format(feuilletCached.perSecond / measure.perSecond, 2);
        await nginx.stop();
      }
    }
    console.log(table(rows));
    if (ratio) console.log(`Feuillet / nginx (${availableParallelism()} workers), cached pages: ${ratio} (target ≥ 0.5)`);
    if (rows.some((r) => r.failures > 0)) console.log('warning: some requests failed; those figures are not valid');
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
