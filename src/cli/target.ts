import type { DeploymentConfig } from '../config/deployment.js';
import type { OpenOptions } from '../wiki/open.js';
import { bundledManual } from './bundled.js';
import { UsageError } from './errors.js';
import type { CliValues } from './commands.js';

/** What wiki a command works on: the REPO argument, --worktree, or the bundled manual when neither is given. */
export async function wikiTarget(positionals: string[], values: CliValues, config: DeploymentConfig): Promise<OpenOptions & { bundled: boolean }> {
  if (positionals.length > 1) throw new UsageError(`Un seul dépôt à la fois / one repository at a time: ${positionals.join(' ')}`);
  const [repo] = positionals;
  const common: OpenOptions = { maxPageBytes: config.build.maxPageBytes };
  if (config.git.root !== undefined) common.root = config.git.root;
  if (config.git.ref !== undefined) common.ref = config.git.ref;
  if (config.dataDir !== undefined) common.dataDir = config.dataDir;
  if (values.worktree !== undefined) {
    if (repo !== undefined) throw new UsageError('--worktree remplace DÉPÔT / --worktree replaces REPO');
    return { ...common, worktree: values.worktree, bundled: false };
  }
  if (repo !== undefined) return { ...common, repo, bundled: false };
  return { ...common, ...(await bundledManual()), bundled: true };
}
