/**
 * The server's own secret (CSRF tokens are derived from it), kept in the data folder in a file only its
 * owner can read, made on first use. Several processes may start at once: the file appears whole or not
 * at all (written aside, then hard-linked into place), so they all end up with the same secret.
 */
import { randomBytes, createHmac } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { authErrors } from './errors.js';

export const SECRET_FILE_NAME = 'secret.key';
const SECRET_BYTES = 32;

/** The secret, usable only to derive keyed hashes: it cannot be printed or serialised by mistake. */
export class ServerSecret {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    if (bytes.length < SECRET_BYTES) throw new RangeError('A server secret needs at least 32 bytes');
    this.#bytes = Buffer.from(bytes);
  }

  /** HMAC-SHA256 of `data` under a key separate for each `purpose`. */
  hmac(purpose: string, data: string): Buffer {
    const key = createHmac('sha256', this.#bytes).update(`feuillet:${purpose}`).digest();
    return createHmac('sha256', key).update(data, 'utf8').digest();
  }

  toJSON(): string {
    return '[server secret]';
  }

  toString(): string {
    return '[server secret]';
  }
}

export async function loadServerSecret(dataDir: string): Promise<ServerSecret> {
  const file = join(dataDir, SECRET_FILE_NAME);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    return await readSecret(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const handle = await open(aside, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(randomBytes(SECRET_BYTES));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process won the race
  } finally {
    await unlink(aside);
  }
  return readSecret(file);
}

async function readSecret(file: string): Promise<ServerSecret> {
  const info = await stat(file);
  if ((info.mode & 0o077) !== 0) {
    throw authErrors.secretUnsafe(
      `Le fichier secret ${file} est lisible par d'autres comptes : corrigez avec « chmod 600 ${file} » (ou supprimez-le pour en créer un autre)`,
      `The secret file ${file} is readable by other accounts: fix it with "chmod 600 ${file}" (or delete it to make a new one)`,
    );
  }
  const bytes = await readFile(file);
  if (bytes.length < SECRET_BYTES) {
    throw authErrors.secretUnsafe(
      `Le fichier secret ${file} est trop court : supprimez-le pour en créer un autre`,
      `The secret file ${file} is too short: delete it to make a new one`,
    );
  }
  return new ServerSecret(bytes);
}
