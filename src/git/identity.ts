/** Who authors and commits: checked before git sees it, read from git's configuration. */
import { ApplyInputError } from './errors.js';
import type { GitRepository } from './repository.js';
import { runGit } from './run.js';

export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** Refuses an identity git would refuse (or that could forge a header line), as an ApplyInputError. */
export function checkIdentity(who: Identity): void {
  // git refuses these in identities; a name from a form or a mail must not reach it unchecked.
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  const bad = /[<>\u0000-\u001f]/;
  if (who.name.trim() === '' || bad.test(who.name) || bad.test(who.email) || !who.email.includes('@')) {
    throw new ApplyInputError(`Identité de commit invalide : ${JSON.stringify(who)}`, `Invalid commit identity: ${JSON.stringify(who)}`);
  }
}

/** git's internal date format: seconds since the epoch and the UTC offset. */
export function gitDate(date: Date): string {
  return `${Math.floor(date.getTime() / 1000)} +0000`;
}

/** The identity the repository's git configuration gives (`user.name`, `user.email`), if it gives one. */
export async function configuredIdentity(repo: GitRepository): Promise<Identity | undefined> {
  const read = async (key: string) => (await runGit(['config', '--get', key], { cwd: repo.gitDir, okCodes: [1] })).stdout.toString('utf8').trim();
  const [name, email] = [await read('user.name'), await read('user.email')];
  return name !== '' && email !== '' ? { name, email } : undefined;
}
