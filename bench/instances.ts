// Past one machine (issue 16): requests per second of a cached page through nginx with one and with two
// `feuillet serve` instances on one PostgreSQL database, and how long a save on one instance takes to show
// on the other. Run: `npm run bench -- instances`. Needs the PostgreSQL server binaries and Debian's nginx
// (both installed by .ci/run); everything listens on 127.0.0.1 and stops at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../src/auth/accounts.js';
import { authContext, OPERATOR } from '../src/auth/context.js';
import { startSession } from '../src/auth/sessions.js';
import { SESSION_COOKIE } from '../src/server/middleware/viewer.js';
import { openDatabase } from '../src/store/open.js';
import { serveWithCli, type CliServer } from '../test/helpers/browser.js';
import { skipNginx, startNginx } from '../test/helpers/nginx.js';
import { WebClient } from '../test/helpers/web-client.js';
import { skipPostgres, startPostgres } from '../test/store/postgres-server.js';
import { format, load, table, type Measure } from './server.js';

const PAGES = 200;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const SAVES = 10;
const PAGE = '/pages/p1';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Cached-page throughput through nginx over `instances`. */
async function through(label: string, instances: readonly CliServer[]): Promise<Measure> {
  const nginx = await startNginx(instances.map((instance) => Number(new URL(instance.url).port)));
  try {
    await load('warm-up', nginx.url, [PAGE], { seconds: WARMUP_SECONDS });
    return await load(label, nginx.url, [PAGE], { seconds: SECONDS });
  } finally {
    await nginx.stop();
  }
}

export async function run(): Promise<void> {
  console.log(`\n== Instances: one and two feuillet serve on PostgreSQL behind nginx, ${availableParallelism()} cores ==`);
  const skip = skipPostgres || skipNginx;
  if (skip) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const postgres = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'feuillet-bench-instances-'));
  const servers: CliServer[] = [];
  try {
    const url = await postgres.createDatabase();
    const source = join(work, 'source');
    mkdirSync(join(source, 'pages'), { recursive: true });
    writeFileSync(join(source, 'index.md'), '# Accueil\n\nBienvenue.\n');
    for (let i = 0; i < PAGES; i++) writeFileSync(join(source, 'pages', `p${i}.md`), `# Page ${i}\n\n${'Une phrase de la page, avec un [lien](p0.md). '.repeat(40)}\n`);
    const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=Banc', '-c', 'user.email=banc@example.org', ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    git(source, 'init', '--quiet', '--initial-branch=main');
    git(source, 'add', '--all');
    git(source, 'commit', '--quiet', '-m', 'Wiki du banc');
    const repo = join(work, 'wiki.git');
    git(work, 'clone', '--quiet', '--bare', source, repo);
    const config = join(work, 'feuillet.yml');
    writeFileSync(config, `database:\n  url: ${url}\n`);
    const start = async (name: string) => {
      const server = await serveWithCli([repo, '--config', config, '--data', join(work, `data-${name}`)], { timeoutMs: 120_000 });
      servers.push(server);
      return server;
    };

    const a = await start('a');
    const rows = [await through('nginx → 1 instance, cached page', [a])];
    const b = await start('b');
    rows.push(await through('nginx → 2 instances, cached page', [a, b]));
    console.log(table(rows));
    const [one, two] = rows as [Measure, Measure];
    console.log(`two instances / one: ${format(two.perSecond / one.perSecond, 2)}× (a second instance shares these ${availableParallelism()} cores with the first, nginx and the load generator)`);

    // A save on A, then B asked until it shows it: the delay is one request, since each request reads the branch.
    const db = await openDatabase({ dataDir: work, url });
    try {
      const auth = authContext(db);
      const user = await createAccount(auth, OPERATOR, { email: 'banc@example.org', role: 'writer' });
      const session = await startSession(auth, user.id, null);
      const writer = new WebClient(a.url);
      writer.headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
      const reader = new WebClient(b.url);
      const delays: number[] = [];
      const reads: number[] = [];
      for (let n = 0; n < SAVES; n++) {
        const form = await writer.open('/-/edit/pages/p2.md');
        const mark = `Marque ${n} du banc`;
        const saved = await writer.submit(form, '/-/edit/pages/p2.md', { text: `# Page 2\n\n${mark}.\n`, message: mark });
        if (saved.status !== 303) throw new Error(`save answered ${saved.status}`);
        const answered = performance.now();
        let asked = 0;
        for (; ; asked++) {
          const page = await reader.open('/pages/p2');
          if (page.text.includes(mark)) break;
          if (asked > 1000) throw new Error('the save never showed on the other instance');
        }
        delays.push(performance.now() - answered);
        reads.push(asked + 1);
      }
      console.log(
        `save on A → shown on B: median ${format(median(delays), 1)} ms, max ${format(Math.max(...delays), 1)} ms, ` +
          `shown at the first request after the save in ${reads.filter((count) => count === 1).length} of ${SAVES} saves`,
      );
    } finally {
      await db.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
