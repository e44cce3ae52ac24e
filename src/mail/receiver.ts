/**
 * The list's mail receiver: SMTP (git send-email can talk to it directly) or LMTP (Postfix or Exim
 * deliver to it), through the `smtp-server` package. It accepts mail for the list addresses only
 * (550 at RCPT for any other), refuses mail over the size limit (552), and answers 250 only once the
 * message is on disk for good. The spool is a Maildir: a message is written in `tmp/`, fsync'd, moved
 * to `new/` (folder fsync'd), acknowledged, then handed to `onMessage`; once `onMessage` succeeds it
 * moves to `cur/`. Messages are handed over one at a time, each read from the spool when its turn
 * comes: many large messages arriving at once cost the memory of one, not of all. What stays in `new/` (a crash, a failing `onMessage`) is handed over again by
 * `redeliverPending`, so nothing acknowledged is ever lost; the caller's import is idempotent by
 * Message-ID.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { listMaildir } from './maildir.js';
import { syncDirectory, uniqueFileName, writeDurably } from '../store/durable-file.js';
import { storageFailure } from '../store/storage-failure.js';
import { UserError } from '../user-error.js';

export interface StoredMessage {
  /** The file in the spool's `new/` while `onMessage` runs (it moves to `cur/` when `onMessage` succeeds). */
  readonly path: string;
  readonly raw: Buffer;
}

export interface MailReceiverOptions {
  readonly protocol: 'smtp' | 'lmtp';
  readonly host: string;
  /** 0 picks a free port (see `port` on the result). */
  readonly port: number;
  /** The addresses accepted at RCPT (the list's), compared without case; read at each RCPT, so they may change. */
  readonly listAddresses: readonly string[];
  readonly maxBytes: number;
  /** STARTTLS is offered only when a key and certificate are given. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** A Maildir (created when missing) that holds every accepted message. */
  readonly spoolDir: string;
  readonly onMessage: (stored: StoredMessage) => Promise<void>;
  /**
   * Told when `onMessage` fails (`stored` given: the message stays in the spool's `new/`) or a connection
   * breaks mid-transaction; by default, one line on stderr.
   */
  readonly onError?: (error: unknown, stored: StoredMessage | undefined) => void;
  /** The name the server gives in its greeting; the machine's host name by default. */
  readonly serverName?: string;
}

export interface MailReceiver {
  readonly port: number;
  /** Stops accepting connections, and resolves once the open ones, the messages being stored and the pending `onMessage` calls are done. */
  close(): Promise<void>;
}

export type MailReceiverErrorCode = 'port-in-use' | 'cannot-listen';

export class MailReceiverError extends UserError {
  constructor(
    readonly code: MailReceiverErrorCode,
    fr: string,
    en: string,
  ) {
    super(fr, en);
  }
}

/** How long closing waits for clients still connected before cutting them off. */
const CLOSE_TIMEOUT_MS = 5000;
/**
 * A client that did not declare its size (a declared SIZE over the limit is refused at MAIL FROM) gets
 * its 552 at the end of DATA, as RFC 5321 wants, when it is a little over; this far over, it is told
 * at once and the connection closed, rather than reading on what will be thrown away.
 */
const CUT_AFTER_EXCESS_BYTES = 1024 * 1024;
const TOO_LARGE = '5.3.4 message trop volumineux / message too large';

export async function startMailReceiver(options: MailReceiverOptions): Promise<MailReceiver> {
  const spool = await prepareSpool(options.spoolDir);
  const accepts = (address: string) => options.listAddresses.some((list) => list.trim().toLowerCase() === address.trim().toLowerCase());
  /** Messages being stored or handed over: closing waits for them. */
  const pending = new Set<Promise<unknown>>();
  /** The last hand-over in line: each waits for the one before. */
  let handing: Promise<unknown> = Promise.resolve();
  const protocolName = options.protocol.toUpperCase();
  const server = new SMTPServer({
    lmtp: options.protocol === 'lmtp',
    name: options.serverName,
    banner: `Feuillet ${protocolName}`,
    size: options.maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disableReverseLookup: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (accepts(address.address)) return callback();
      callback(smtpError(550, `5.1.1 <${address.address}>: adresse inconnue ici / no such list here`));
    },
    onData(stream, session, callback) {
      // SMTP only: an LMTP client is the local mail server, which has its own limit and would only
      // retry a delivery whose connection was cut.
      const cut =
        options.protocol === 'smtp'
          ? () => {
              const connection = [...server.connections].find((open) => open.id === session.id);
              connection?.send(552, TOO_LARGE);
              connection?.close();
            }
          : undefined;
      const storing = storeMessage(stream, spool, options.maxBytes, cut).then(
        (stored) => {
          if (stored.kind === 'oversize') return callback(smtpError(552, TOO_LARGE));
          callback(null, `2.0.0 message enregistré / message stored ${basename(stored.path)}`);
          const delivery = (handing = handing.then(() => deliverFromSpool(stored.path, spool, options)));
          pending.add(delivery);
          void delivery.finally(() => pending.delete(delivery));
        },
        (error: unknown) => {
          reportError(options, error, undefined);
          // Both ask the sender to try again later; a full disk has its own code (RFC 3463 4.3.1).
          callback(
            storageFailure(error) === 'full'
              ? smtpError(452, '4.3.1 disque plein, réessayez plus tard / insufficient system storage, try again later')
              : smtpError(451, '4.3.0 enregistrement impossible, réessayez plus tard / cannot store the message, try again later'),
          );
        },
      );
      // A cut transaction is answered before its temporary file is removed.
      pending.add(storing);
      void storing.finally(() => pending.delete(storing));
    },
  });
  const port = await listen(server, options.host, options.port);
  // A client dropping the connection mid-transaction surfaces as an 'error' event, which would otherwise
  // bring the whole process down.
  server.on('error', (error) => reportError(options, error, undefined));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve())).then(async () => {
        // A message stored meanwhile adds its hand-over: wait until nothing is left.
        while (pending.size > 0) await Promise.allSettled([...pending]);
      }),
  };
}

/**
 * Hands every message left in the spool's `new/` (acknowledged, not yet processed) to `onMessage`,
 * oldest first: call it when Feuillet starts.
 */
export async function redeliverPending(options: Pick<MailReceiverOptions, 'spoolDir' | 'onMessage' | 'onError'>): Promise<number> {
  const spool = await prepareSpool(options.spoolDir);
  const listing = await listMaildir(spool.root);
  if (listing.kind !== 'maildir') return 0;
  let delivered = 0;
  for (const message of listing.messages.filter((entry) => entry.folder === 'new')) {
    if (await deliverFromSpool(message.path, spool, options)) delivered++;
  }
  return delivered;
}

interface Spool {
  readonly root: string;
  readonly tmp: string;
  readonly new: string;
  readonly cur: string;
}

async function prepareSpool(root: string): Promise<Spool> {
  const spool = { root, tmp: join(root, 'tmp'), new: join(root, 'new'), cur: join(root, 'cur') };
  for (const dir of [spool.tmp, spool.new, spool.cur]) await mkdir(dir, { recursive: true, mode: 0o700 });
  return spool;
}

type StoreResult = { readonly kind: 'stored'; readonly path: string } | { readonly kind: 'oversize' };

/**
 * Streams the message to `tmp/`, then durably into `new/`. Past `maxBytes` it stops writing and only
 * drains the stream, so an oversize message never fills the disk or the memory; far past it, `cut`
 * (when given) ends the transaction there.
 */
async function storeMessage(stream: SMTPServerDataStream, spool: Spool, maxBytes: number, cut: (() => void) | undefined): Promise<StoreResult> {
  const name = uniqueFileName();
  const final = join(spool.new, name);
  let bytes = 0;
  try {
    await writeDurably(join(spool.tmp, name), final, async (handle) => {
      // Events rather than `for await`, which would destroy smtp-server's stream on an early exit: the
      // stream is always read to its end, so that the client gets an answer.
      await new Promise<void>((resolve, reject) => {
        let failure: unknown;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (cut && bytes > maxBytes + CUT_AFTER_EXCESS_BYTES) {
            stream.removeAllListeners('data');
            cut();
            return resolve();
          }
          if (failure !== undefined || bytes > maxBytes || stream.sizeExceeded) return;
          stream.pause();
          handle.write(chunk).then(
            () => stream.resume(),
            (error: unknown) => {
              failure = error;
              stream.resume();
            },
          );
        });
        stream.once('end', () => (failure === undefined ? resolve() : reject(failure)));
        stream.once('error', reject);
      });
      // An oversize message is not kept: failing here removes the temporary file.
      if (bytes > maxBytes || stream.sizeExceeded) throw new OversizeMessage();
    });
  } catch (error) {
    if (error instanceof OversizeMessage) return { kind: 'oversize' };
    throw error;
  }
  return { kind: 'stored', path: final };
}

class OversizeMessage extends Error {}

/** Reads a message of `new/` and runs `onMessage`; on success the message moves to `cur/` (processed). */
async function deliverFromSpool(path: string, spool: Spool, options: Pick<MailReceiverOptions, 'onMessage' | 'onError'>): Promise<boolean> {
  let stored: StoredMessage = { path, raw: Buffer.alloc(0) };
  try {
    stored = { path, raw: await readFile(path) };
    await options.onMessage(stored);
  } catch (error) {
    reportError(options, error, stored);
    return false;
  }
  try {
    await rename(stored.path, join(spool.cur, `${basename(stored.path)}:2,S`));
    await syncDirectory(spool.cur);
  } catch (error) {
    // Processed but not moved: delivered again at the next start, which the idempotent import absorbs.
    reportError(options, error, stored);
  }
  return true;
}

function reportError(options: Pick<MailReceiverOptions, 'onError'>, error: unknown, stored: StoredMessage | undefined): void {
  if (options.onError) return options.onError(error, stored);
  const where = stored ? ` (${stored.path})` : '';
  const detail = error instanceof Error ? error.message : String(error);
  console.error(`Courriel non traité${where} : ${detail} / Mail not processed${where}: ${detail}`);
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

function listen(server: SMTPServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.server.off('listening', onListening);
      server.off('error', onError);
      const where = `${host}:${port}`;
      reject(
        error.code === 'EADDRINUSE'
          ? new MailReceiverError('port-in-use', `Le port ${where} est déjà utilisé.`, `Port ${where} is already in use.`)
          : new MailReceiverError('cannot-listen', `Impossible d’écouter sur ${where} : ${error.message}`, `Cannot listen on ${where}: ${error.message}`),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    // smtp-server re-emits the listening socket's errors on itself.
    server.once('error', onError);
    server.server.once('listening', onListening);
    server.listen(port, host);
  });
}
