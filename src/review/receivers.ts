/**
 * The list's SMTP and LMTP receivers wired to the review: each message, once stored durably in the
 * spool, goes through the same ingestion as an imported archive. At start, what was acknowledged but
 * not yet processed (a crash) is processed first.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DeploymentConfig } from '../config/deployment.js';
import { redeliverPending, startMailReceiver, type MailReceiver, type StoredMessage } from '../mail/receiver.js';
import type { ReviewDesk } from './desk.js';
import { ingestMail } from './ingest.js';

/** The spool's folder in the data folder: a Maildir of every message received. */
export const SPOOL_FOLDER = 'received-mail';

export interface ListReceivers {
  readonly smtp: MailReceiver | undefined;
  readonly lmtp: MailReceiver | undefined;
  close(): Promise<void>;
}

export async function startListReceivers(desk: ReviewDesk, mail: DeploymentConfig['mail'], dataDir: string): Promise<ListReceivers> {
  const spoolDir = join(dataDir, SPOOL_FOLDER);
  const ingest = (source: 'smtp' | 'lmtp') => async (stored: StoredMessage) => {
    await ingestMail(desk, [{ raw: stored.raw, source, file: basename(stored.path) }]);
  };
  await redeliverPending({ spoolDir, onMessage: ingest('smtp') });
  const tls = mail.tls ? { key: await readFile(mail.tls.keyFile), cert: await readFile(mail.tls.certFile) } : undefined;
  const start = async (protocol: 'smtp' | 'lmtp') => {
    const listener = mail[protocol];
    if (!listener) return undefined;
    return startMailReceiver({
      protocol,
      host: listener.host,
      port: listener.port,
      // The wiki's list address follows its settings, changed by a commit.
      get listAddresses() {
        return [desk.options.listAddress];
      },
      maxBytes: mail.maxBytes,
      ...(tls ? { tls } : {}),
      spoolDir,
      onMessage: ingest(protocol),
    });
  };
  const smtp = await start('smtp');
  let lmtp: MailReceiver | undefined;
  try {
    lmtp = await start('lmtp');
  } catch (error) {
    await smtp?.close();
    throw error;
  }
  return {
    smtp,
    lmtp,
    async close() {
      await Promise.all([smtp?.close(), lmtp?.close()]);
    },
  };
}
