/**
 * Where account mails go (confirmation links, password resets, access requests). The default writes
 * each message as an `.eml` file into the data folder's outbox, whole or not at all, so that no message
 * is ever dropped when no SMTP relay is configured; `mail/` may provide a sender through a relay.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface OutgoingMail {
  readonly to: { readonly email: string; readonly name: string };
  readonly subject: string;
  readonly text: string;
}

export interface MailSender {
  /** Resolves once the message is handed over (to the relay) or stored durably (in the outbox). */
  send(mail: OutgoingMail): Promise<void>;
}

export const OUTBOX_FOLDER = 'outbox';

/** Writes messages as `.eml` files in `outboxDir` (fsync'd, then renamed into place). */
export function outboxMailSender(outboxDir: string, from: string): MailSender {
  return {
    async send(mail) {
      const message = await new MailComposer({
        from,
        to: { name: mail.to.name, address: mail.to.email },
        subject: mail.subject,
        text: mail.text,
        date: new Date(),
      })
        .compile()
        .build();
      await mkdir(outboxDir, { recursive: true, mode: 0o700 });
      // Names sort by time, so a person (or a test) reading the folder sees the messages in order.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
      const aside = join(outboxDir, `.${name}.tmp`);
      const handle = await open(aside, 'wx', 0o600);
      try {
        await handle.writeFile(message);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(aside, join(outboxDir, name));
    },
  };
}
