/**
 * Blobs and commits written through one long-lived `git hash-object -w --stdin-paths` per repository and
 * object type, instead of a process each: git reads each object from a private temporary file whose
 * path it is given, and answers its id. A commit object is written as `git commit-tree` writes it (same
 * bytes, same id); identities are checked by the caller (`checkIdentity`).
 */
import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Identity } from './identity.js';
import { temporaryPrefix } from './leftovers.js';
import { GitLinePipe } from './line-pipe.js';
import type { GitRepository } from './repository.js';

type ObjectType = 'blob' | 'commit';

const pipes = new Map<string, GitLinePipe>();

/** Writes one object (bytes as given: no filters, no line-end conversion) and returns its id. */
export async function writeObject(repo: GitRepository, type: ObjectType, content: Buffer): Promise<string> {
  const key = `${type}\0${repo.gitDir}`;
  let pipe = pipes.get(key);
  if (!pipe) {
    pipe = new GitLinePipe(['hash-object', '-w', '--no-filters', '-t', type, '--stdin-paths'], repo.gitDir);
    pipes.set(key, pipe);
  }
  // A name no one can guess, created only if absent and readable by its owner alone.
  const file = join(tmpdir(), `${temporaryPrefix('feuillet-object')}${randomBytes(12).toString('hex')}`);
  await writeFile(file, content, { flag: 'wx', mode: 0o600 });
  try {
    const [id = ''] = await pipe.request(Buffer.from(`${file}\n`));
    if (!/^[0-9a-f]{40,64}$/.test(id)) throw new Error(`git hash-object answered ${JSON.stringify(id)}`);
    return id;
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

export interface CommitObject {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Identity;
  readonly committer: Identity;
  /** git's internal date form (`gitDate`): seconds since the epoch and offset. */
  readonly date: string;
  readonly message: string;
}

/** The bytes `git commit-tree` writes for these fields (UTF-8, message ending with a line end). */
export function commitBytes(commit: CommitObject): Buffer {
  const message = commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`;
  const lines = [
    `tree ${commit.tree}`,
    ...commit.parents.map((parent) => `parent ${parent}`),
    `author ${identityField(commit.author)} ${commit.date}`,
    `committer ${identityField(commit.committer)} ${commit.date}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n\n${message}`, 'utf8');
}

// git trims these from both ends of a name and an address when it writes an identity (`crud()` in
// git's ident.c); trimmed alike here so that the commit is the one `git commit-tree` would make.
// eslint-disable-next-line no-control-regex -- control characters are part of what git trims
const CRUD = /^[\u0000-\u0020.,:;<>"\\']+|[\u0000-\u0020.,:;<>"\\']+$/g;

function identityField(who: Identity): string {
  return `${who.name.replace(CRUD, '')} <${who.email.replace(CRUD, '')}>`;
}
