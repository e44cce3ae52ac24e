import { gitErrors } from './errors.js';
import type { GitRepository } from './repository.js';
import { runGit } from './run.js';

/**
 * The blob a repository path holds at a commit: its id, or undefined when the path is no file there
 * (absent, a folder, a submodule). A commit that does not exist is a `not-found` GitError.
 */
export async function blobAt(repo: GitRepository, commit: string, path: string): Promise<string | undefined> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw gitErrors.invalidRevision(commit);
  const result = await runGit(['--literal-pathspecs', 'ls-tree', '-z', commit, '--', path], { cwd: repo.gitDir, okCodes: [128] });
  if (result.code !== 0) throw gitErrors.notFound(commit);
  for (const record of result.stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0 || record.slice(tab + 1) !== path) continue;
    const [mode = '', type = '', id = ''] = record.slice(0, tab).split(' ');
    return type === 'blob' && mode !== '120000' ? id : undefined;
  }
  return undefined;
}
