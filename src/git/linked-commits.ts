import type { GitRepository } from './repository.js';
import { isValidRevision } from './repository.js';
import { gitErrors } from './errors.js';
import { runGit } from './run.js';

/** A commit found by one of its `Link:` trailers. */
export interface LinkedCommit {
  readonly id: string;
  readonly committerEmail: string;
  /** ISO 8601, the committer's date. */
  readonly committedAt: string;
}

/**
 * The newest commit of `ref`'s history since `since` whose `Link:` trailers name each of `urls`, by URL:
 * the trailer every applied patch gets, so that what reached the branch can be told from the history
 * itself. One `git log` walk, bounded by the committer date.
 */
export async function commitsLinking(repo: GitRepository, ref: string, urls: ReadonlySet<string>, since: Date): Promise<Map<string, LinkedCommit>> {
  if (!isValidRevision(ref)) throw gitErrors.invalidRevision(ref);
  const found = new Map<string, LinkedCommit>();
  if (urls.size === 0) return found;
  const format = '--format=%x01%H%x02%ce%x02%cI%x02%(trailers:key=Link,valueonly,separator=%x03)';
  const { stdout } = await runGit(['log', format, `--since=${since.toISOString()}`, ref, '--'], { cwd: repo.gitDir, okCodes: [128] });
  for (const record of stdout.toString('utf8').split('\u0001')) {
    const [id = '', committerEmail = '', committedAt = '', links = ''] = record.split('\u0002');
    if (!id) continue;
    for (const link of links.split('\u0003')) {
      const url = link.trim();
      if (urls.has(url) && !found.has(url)) found.set(url, { id, committerEmail, committedAt });
    }
  }
  return found;
}
