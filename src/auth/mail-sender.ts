/**
 * Where account mails go (confirmation links, password resets, access requests): through the
 * deployment's SMTP relay when it has one, else (or when the relay fails) as an `.eml` file in the data
 * folder's outbox, so that no message is ever dropped. The same path as the list's outgoing mail.
 */
import { sendOrSpool, type Relay } from '../mail/outbox.js';
import type { Person } from '../mail/trailers.js';

export interface OutgoingMail {
  readonly to: { readonly email: string; readonly name: string };
  readonly subject: string;
  readonly text: string;
}

export interface MailSender {
  /** Resolves once the message is handed over (to the relay) or stored durably (in the outbox). */
  send(mail: OutgoingMail): Promise<void>;
}

export function accountMailSender(options: { readonly from: Person; readonly relay: Relay | undefined; readonly outboxDir: string }): MailSender {
  return {
    async send(mail) {
      const result = await sendOrSpool(
        { from: options.from, to: [{ name: mail.to.name, address: mail.to.email }], subject: mail.subject, text: mail.text },
        options.relay,
        options.outboxDir,
      );
      // Kept for later, not lost; the operator is told, as for the list's mail.
      if (result.kind === 'spooled' && options.relay) console.error(`${result.reason.fr} → ${result.path}\n${result.reason.en} → ${result.path}`);
    },
  };
}
