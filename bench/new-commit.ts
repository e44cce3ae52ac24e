// How long a new commit takes to show on a 10,000-page wiki (issue 18, item 7): the live server reads
// the new revision's files when the branch moves. The old way listed every file with its size
// (`git ls-tree -r -l`, which looks into every blob); now the listing is taken without sizes and only
// blobs the previous revision did not have are asked for. Both are timed in the same run, on the same
// commits. Needs ../shared/bench/gen-corpus.mjs.
// Run: `node --import tsx bench/new-commit.ts` (or `npm run bench -- new-commit`).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GitRepository } from '../src/git/repository.js';
import { GitSource } from '../src/wiki/git-source.js';
import { buildRevision } from '../src/wiki/revision.js';

const GENERATOR = fileURLToPath(new URL('../../shared/bench/gen-corpus.mjs', import.meta.url));
const PAGES = 10_000;
const COMMITS = 9;
const IDENTITY = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  console.log(`\n== A new commit on a ${PAGES.toLocaleString('en')}-page wiki: files listed with every size vs only the new ones ==`);
  if (!existsSync(GENERATOR)) {
    console.log('skipped: ../shared/bench/gen-corpus.mjs is not here');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-bench-commit-'));
  try {
    execFileSync(process.execPath, [GENERATOR, dir, '--pages', String(PAGES)], { stdio: 'ignore' });
    const git = (args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' });
    git(['init', '--quiet', '--initial-branch=main']);
    git(['add', '--all']);
    git(['commit', '--quiet', '-m', 'wiki']);
    const repo = await GitRepository.open(dir);
    const source = new GitSource(repo, undefined, '');
    await source.current();
    const page = git(['-c', 'core.quotePath=false', 'ls-files', '*.md']).split('\n')[42]!;
    const full: number[] = [];
    const incremental: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      appendFileSync(join(dir, page), `\nAjout ${i}.\n`);
      git(['commit', '--quiet', '-am', `Ajout ${i}`]);
      const commit = git(['rev-parse', 'HEAD']).trim();
      // What loading a revision cost before: every file listed with its size, then the revision built.
      full.push(await timed(async () => buildRevision(commit, (await repo.listTree(commit, '')).filter((e) => e.type === 'blob' && e.mode !== '120000'))));
      incremental.push(await timed(() => source.current()));
    }
    console.log(`every file listed with its size, revision built (before): median ${Math.round(median(full))} ms`);
    console.log(`sizes of new blobs only, revision built (now):            median ${Math.round(median(incremental))} ms`);
    await source.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
