// Large pages against `feuillet serve` (issue 19, fault 1): a 20 MB and a 51 MB page read through
// /-/source and /-/raw, small pages asked for meanwhile, and five large reads at once. The floor is
// git's own time to copy the blob (`git cat-file blob` to a pipe), measured in the same run; the
// server's memory is read from /proc before, at its peak and after.
// Run: `npm run build && node --import tsx bench/large-files.ts` (or `npm run bench -- large-files`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveWithCli } from '../test/helpers/browser.js';

const MB = 1024 * 1024;

function page(megabytes: number): string {
  const line = `${'Une ligne de texte assez longue pour peser son poids dans la page. '.repeat(2)}\n`;
  return `# Grande page\n\n${line.repeat(Math.ceil((megabytes * MB) / line.length))}`;
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 8 * MB });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Time for git alone to copy the blob to a pipe: what no server on top of git can beat. */
async function gitFloor(dir: string, path: string): Promise<number> {
  const { ms } = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('git', ['cat-file', 'blob', `HEAD:${path}`], { cwd: dir });
        child.stdout.resume();
        child.once('error', reject);
        child.once('close', () => resolve());
      }),
  );
  return ms;
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;

export async function run(): Promise<void> {
  console.log('\n== Large pages: feuillet serve vs git cat-file, 20 MB and 51 MB pages ==');
  if (!existsSync('/proc/self/status')) console.log('(memory figures need Linux /proc)');
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-bench-large-'));
  try {
    git(dir, ['init', '--quiet', '--initial-branch=main']);
    writeFileSync(join(dir, 'index.md'), '# Accueil\n\n[Petite](petite.md)\n');
    writeFileSync(join(dir, 'petite.md'), '# Petite page\n\nQuelques mots.\n');
    writeFileSync(join(dir, 'grande.md'), page(20));
    writeFileSync(join(dir, 'immense.md'), page(51));
    // Small files each read once, so that every small read goes to git (no answer cached yet).
    mkdirSync(join(dir, 'notes'));
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'notes', `n${i}.md`), `# Note ${i}\n\nQuelques mots.\n`);
    git(dir, ['add', '--all']);
    git(dir, ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '--quiet', '-m', 'pages']);
    const server = await serveWithCli([dir]);
    try {
      const base = server.url.replace(/\/$/, '');
      const read = async (path: string) => {
        const response = await fetch(base + path);
        await response.arrayBuffer();
        return response.status;
      };
      await read('/petite'); // opened and warm
      const idle = memory(server.pid);
      const floor20 = median([await gitFloor(dir, 'grande.md'), await gitFloor(dir, 'grande.md'), await gitFloor(dir, 'grande.md')]);
      const floor51 = await gitFloor(dir, 'immense.md');

      const source20 = median([(await timed(() => read('/-/source/grande.md'))).ms, (await timed(() => read('/-/source/grande.md'))).ms, (await timed(() => read('/-/source/grande.md'))).ms]);
      const source51 = (await timed(() => read('/-/source/immense.md'))).ms;

      // Small files while a 51 MB read goes on: each should take what it takes alone.
      const alone: number[] = [];
      for (let i = 0; i < 10; i++) alone.push((await timed(() => read(`/-/raw/notes/n${i}.md`))).ms);
      const big = read('/-/raw/immense.md');
      const during: number[] = [];
      for (let i = 10; i < 20; i++) during.push((await timed(() => read(`/-/raw/notes/n${i}.md`))).ms);
      await big;

      const five = (await timed(() => Promise.all([1, 2, 3, 4, 5].map(() => read('/-/raw/grande.md'))))).ms;
      const after = memory(server.pid);

      console.log(`git cat-file alone:          20 MB ${ms(floor20)}, 51 MB ${ms(floor51)}`);
      console.log(`GET /-/source (20 MB):       ${ms(source20)} (${(source20 / floor20).toFixed(1)} × git)`);
      console.log(`GET /-/source (51 MB):       ${ms(source51)} (${(source51 / floor51).toFixed(1)} × git)`);
      console.log(`small file alone:            median ${ms(median(alone))}; during a 51 MB read: median ${ms(median(during))}, worst ${ms(Math.max(...during))}`);
      console.log(`five 20 MB reads at once:    ${ms(five)} (${(five / floor20).toFixed(1)} × one git read)`);
      console.log(`server memory: idle ${Math.round(idle.rss)} MB, peak ${Math.round(after.peak)} MB, after ${Math.round(after.rss)} MB`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
