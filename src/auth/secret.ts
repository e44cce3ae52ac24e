/**
 * The server's own secret (CSRF tokens, pending sign-ins and known devices are derived from it), made on
 * first use. Every instance that shares a database must hold the same one, or a form shown by one would be
 * refused by the other: on PostgreSQL, which several instances share, it is a row of the database; with
 * SQLite, whose file is in the data folder, it is a file beside it that only its owner can read.
 * Several processes may start at once: the file appears whole or not at all (written aside, then
 * hard-linked into place), the row is inserted once, so they all end up with the same secret.
 */
import { randomBytes, createHmac } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../store/db.js';
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

/** The secret of the instances sharing `db` (see above). */
export async function serverSecretOf(db: Db, dataDir: string): Promise<ServerSecret> {
  if (db.dialect === 'sqlite') return loadServerSecret(dataDir);
  const made = randomBytes(SECRET_BYTES).toString('hex');
  await db.run('INSERT INTO server_secret (id, secret_hex, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING', [made, new Date().toISOString()]);
  const row = await db.get<{ secret_hex: string }>('SELECT secret_hex FROM server_secret WHERE id = 1');
  return new ServerSecret(Buffer.from(row?.secret_hex ?? made, 'hex'));
}

/** The secret kept in a file of the data folder. */
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
