import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { build, spawnCli, treeOf } from './static-site.js';

const PAGES = 1500;

function bigWiki(version: string): Record<string, string> {
  const files: Record<string, string> = { 'index.md': `---\ntitle: Grand wiki ${version}\n---\n\nAccueil.\n` };
  for (let i = 0; i < PAGES; i++) {
    files[`rubrique-${i % 30}/page-${i}.md`] = `---\ntitle: Page ${i} ${version}\n---\n\n## Partie\n\n${'Du texte assez long. '.repeat(40)}\n\n[suite](page-${i + 30}.md#partie)\n`;
  }
  return files;
}

let repo: ReturnType<typeof makeRepo>;
let site = '';

before(async () => {
  repo = makeRepo(bigWiki('v1'));
  site = join(mkdtempSync(join(tmpdir(), 'feuillet-interrupted-')), 'site');
  await build(repo.dir, site);
  // Every page changes: the next build renders all of them, long enough to be killed in the middle.
  repo.commit('v2', bigWiki('v2'));
});

after(() => {
  repo.cleanup();
  rmSync(dirname(site), { recursive: true, force: true });
});

function leftovers(): string[] {
  return readdirSync(dirname(site)).filter((name) => name !== 'site');
}

async function killDuringRender(signal: NodeJS.Signals): Promise<void> {
  const child = spawnCli(['build', repo.dir, '--out', site]);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Wait until the build has started writing pages into its staging folder, then stop it.
  for (let i = 0; i < 1200; i++) {
    const staging = leftovers().find((n) => n.includes('staging'));
    if (staging && existsSync(join(dirname(site), staging, 'rubrique-0'))) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill(signal);
  await exited;
}

test('kill -9 in the middle of a build leaves the previous site whole, and the next build cleans up', async () => {
  const before = treeOf(site);
  await killDuringRender('SIGKILL');
  assert.deepEqual(treeOf(site), before);
  const report = await build(repo.dir, site);
  assert.equal(report.pages, PAGES + 1);
  assert.deepEqual(leftovers(), []);
  assert.notDeepEqual(treeOf(site), before);
});

test('Ctrl-C (SIGINT) stops a build, keeps the previous site and removes the staging folder', async () => {
  repo.commit('v3', bigWiki('v3'));
  const before = treeOf(site);
  await killDuringRender('SIGINT');
  assert.deepEqual(treeOf(site), before);
  assert.deepEqual(leftovers(), []);
});
