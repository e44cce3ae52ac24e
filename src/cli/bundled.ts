import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GitRepository } from '../git/index.js';

/** Feuillet's own folder (the package root), whether running compiled (dist/cli) or from sources (src/cli). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = 'example';

/**
 * Where the bundled manual is read from: Feuillet's own git history when Feuillet is a clone (so the manual
 * has real history), its files otherwise (installed from a package, without `.git`).
 */
export async function bundledManual(): Promise<{ repo: string; root: string } | { worktree: string }> {
  const folder = `${PACKAGE_ROOT}${EXAMPLE}`;
  if (existsSync(`${PACKAGE_ROOT}.git`)) {
    try {
      const repo = await GitRepository.open(PACKAGE_ROOT);
      try {
        const commit = await repo.resolve('HEAD');
        const entries = await repo.listTree(commit, EXAMPLE);
        if (entries.some((e) => e.path === 'index.md')) return { repo: PACKAGE_ROOT, root: EXAMPLE };
      } finally {
        await repo.close();
      }
    } catch {
      // Not committed yet, or not a repository after all: read the files.
    }
  }
  return { worktree: folder };
}
