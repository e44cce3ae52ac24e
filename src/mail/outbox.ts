/**
 * Outgoing mail is never dropped: with an SMTP relay configured it is sent through nodemailer, and when
 * there is no relay, or the relay fails, it is written durably as an `.eml` file in the outbox folder
 * (names sort by time), where an operator or a later retry finds it.
 */
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { uniqueFileName, writeDurably } from '../store/durable-file.js';
import { peekHeader } from './header-peek.js';
import type { Person } from './trailers.js';
import type { Bilingual } from '../user-error.js';

export interface OutgoingMessage {
  readonly from: Person;
  readonly to: readonly Person[];
  readonly cc?: readonly Person[];
  readonly subject: string;
  readonly text: string;
  /** Without angle brackets, like ParsedMessage's ids. */
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  /** Extra headers (`X-Feuillet-Update`, `List-Id`…). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const OUTBOX_FOLDER = 'outbox';

export interface Relay {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it. */
  readonly secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  readonly requireTLS?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Certificates to trust besides the system's (a private relay). */
  readonly ca?: string | Buffer;
}

export type SendResult =
  | { readonly kind: 'sent'; readonly messageId: string; readonly response: string }
  | {
      readonly kind: 'spooled';
      readonly messageId: string;
      readonly path: string;
      /** Why it was not sent: no relay configured, or what the relay said. */
      readonly reason: Bilingual;
    };

/** The relay as the deployment gives it (`mail.relay.*`): the port defaults to 465 with TLS, else 587. */
export function relayOf(settings: { host: string; port?: number | undefined; secure: boolean; auth?: { user: string; password: string } | undefined }): Relay {
  return {
    host: settings.host,
    port: settings.port ?? (settings.secure ? 465 : 587),
    secure: settings.secure,
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.password } } : {}),
  };
}

/** A sender written `Name <address>` or `address` (`mail.relay.from`); `name` when it gives none. */
export function senderOf(written: string, name: string): Person {
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(written);
  return named ? { name: named[1]!.trim() || name, address: named[2]! } : { name, address: written.trim() };
}

/** Throws only when the message can be neither sent nor written to the outbox (then the caller must know). */
export async function sendOrSpool(message: OutgoingMessage, relay: Relay | undefined, outboxDir: string): Promise<SendResult> {
  const envelope = { from: message.from.address, to: [...message.to, ...(message.cc ?? [])].map((person) => person.address) };
  return sendRawOrSpool(await compose(message), envelope, relay, outboxDir);
}

/** Who the relay is told the message is from and for (the message's own headers are not read for it). */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

/**
 * A message already written (a patch as `git format-patch` wrote it) sent as it is, its Message-ID kept:
 * the list's copy coming back is then known to the review (ingest is idempotent by Message-ID).
 */
export async function sendRawOrSpool(raw: Buffer, envelope: Envelope, relay: Relay | undefined, outboxDir: string): Promise<SendResult> {
  const messageId = messageIdOf(raw);
  if (!relay) {
    const reason = { fr: 'Aucun relais SMTP n’est configuré.', en: 'No SMTP relay is configured.' };
    return { kind: 'spooled', messageId, path: await spool(raw, outboxDir), reason };
  }
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.secure ?? false,
    requireTLS: relay.requireTLS ?? false,
    ...(relay.auth ? { auth: { user: relay.auth.user, pass: relay.auth.pass } } : {}),
    ...(relay.ca ? { tls: { ca: relay.ca } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.from, to: [...envelope.to] }, raw });
    return { kind: 'sent', messageId, response: info.response };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const reason = { fr: `Le relais SMTP a refusé ou échoué : ${detail}`, en: `The SMTP relay refused or failed: ${detail}` };
    return { kind: 'spooled', messageId, path: await spool(raw, outboxDir), reason };
  } finally {
    transport.close();
  }
}

function compose(message: OutgoingMessage): Promise<Buffer> {
  const address = (person: Person) => ({ name: person.name, address: person.address });
  return new MailComposer({
    from: address(message.from),
    to: message.to.map(address),
    ...(message.cc && message.cc.length > 0 ? { cc: message.cc.map(address) } : {}),
    subject: message.subject,
    text: message.text,
    date: new Date(),
    ...(message.inReplyTo ? { inReplyTo: `<${message.inReplyTo}>` } : {}),
    ...(message.references && message.references.length > 0 ? { references: message.references.map((id) => `<${id}>`) } : {}),
    ...(message.headers ? { headers: { ...message.headers } } : {}),
  })
    .compile()
    .build();
}

/** The Message-ID the composer wrote, without angle brackets. */
function messageIdOf(raw: Buffer): string {
  const head = raw.subarray(0, 64 * 1024).toString('latin1').split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:\s*<([^>]+)>/im.exec(head)?.[1] ?? '';
}

async function spool(raw: Buffer, outboxDir: string): Promise<string> {
  await mkdir(outboxDir, { recursive: true, mode: 0o700 });
  const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${uniqueFileName()}.eml`;
  const path = join(outboxDir, name);
  await writeDurably(join(outboxDir, `.${name}.tmp`), path, (handle) => handle.writeFile(raw));
  return path;
}

/** Which of these Message-IDs (without brackets) are in messages still waiting in the outbox. */
export async function waitingInOutbox(outboxDir: string, messageIds: ReadonlySet<string>): Promise<Set<string>> {
  let names: string[];
  try {
    names = (await readdir(outboxDir)).filter((name) => name.endsWith('.eml') && !name.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  const waiting = new Set<string>();
  for (const name of names) {
    // The head is enough, and outboxes are small: messages leave it once an operator sends them.
    const id = /^<([^<>\s]+)>$/.exec(peekHeader(await headOf(join(outboxDir, name)), 'message-id') ?? '')?.[1];
    if (id !== undefined && messageIds.has(id)) waiting.add(id);
  }
  return waiting;
}

/** The first 64 KiB of a file, where a mail's headers are. */
async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(64 * 1024), position: 0 });
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
