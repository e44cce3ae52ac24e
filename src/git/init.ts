import { runGit } from './run.js';

/** Who commits when the user has set no git identity: commits must never fail for want of one. */
const FALLBACK_IDENTITY = { GIT_AUTHOR_NAME: 'Feuillet', GIT_AUTHOR_EMAIL: 'feuillet@localhost', GIT_COMMITTER_NAME: 'Feuillet', GIT_COMMITTER_EMAIL: 'feuillet@localhost' };

async function hasIdentity(dir: string): Promise<boolean> {
  const name = await runGit(['config', 'user.name'], { cwd: dir, okCodes: [1] });
  const email = await runGit(['config', 'user.email'], { cwd: dir, okCodes: [1] });
  return name.code === 0 && email.code === 0;
}

/** Makes a folder a git repository on branch `main` and commits everything in it. */
export async function initRepository(dir: string, message: string): Promise<string> {
  await runGit(['init', '--quiet', '--initial-branch=main'], { cwd: dir });
  await runGit(['add', '--all'], { cwd: dir });
  const env = (await hasIdentity(dir)) ? {} : FALLBACK_IDENTITY;
  await runGit(['commit', '--quiet', '--allow-empty', '-m', message], { cwd: dir, env });
  const { stdout } = await runGit(['rev-parse', 'HEAD'], { cwd: dir });
  return stdout.toString('utf8').trim();
}
