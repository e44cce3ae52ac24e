import type { GitRepository } from './repository.js';
import { runGit } from './run.js';

export interface PatchMailOptions {
  /** The word after `PATCH` in the subject (the wiki's prefix): `[PATCH prefix]`. */
  readonly prefix: string;
  /** A version above 1 is written `[PATCH prefix v2]`. */
  readonly version: number;
  /** The Message-ID (without brackets) of the mail this one answers: an older version's. */
  readonly inReplyTo?: string;
  readonly to?: string;
}

/**
 * One commit as the mail `git format-patch` writes (author in From, the commit's message, the diff),
 * with a Message-ID, and without the mbox `From <commit>` line: a mail as a list would receive it.
 */
export async function patchMail(repo: GitRepository, commit: string, options: PatchMailOptions): Promise<Buffer> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new Error(`Invalid commit id: ${commit}`);
  const args = ['format-patch', '--stdout', '-1', '--thread=shallow', '--no-signature', `--subject-prefix=PATCH ${options.prefix}`];
  if (options.version > 1) args.push(`--reroll-count=${options.version}`);
  if (options.inReplyTo) args.push(`--in-reply-to=<${options.inReplyTo}>`);
  if (options.to) args.push(`--to=${options.to}`);
  // The user's format.* settings (cover letters, signatures, extra headers) must not shape the mail.
  const { stdout } = await runGit(['-c', 'format.coverLetter=false', '-c', 'format.signOff=false', ...args, commit], { cwd: repo.gitDir });
  return stdout.subarray(0, 5).toString() === 'From ' ? stdout.subarray(stdout.indexOf(0x0a) + 1) : stdout;
}
