import type { DeploymentConfig } from '../config/deployment.js';
import { recoverInterruptedApplies } from '../review/actions.js';
import { openReviewDesk, ReviewUnavailable } from '../review/open.js';
import type { ReviewDesk } from '../review/desk.js';
import { startListReceivers } from '../review/receivers.js';
import { attachReviewDesk } from '../server/routes/review-desks.js';
import type { Db } from '../store/db.js';
import type { OpenedWiki } from '../wiki/open.js';

/**
 * For `feuillet serve`: the review desk of the served wiki, attached to it for the review and archive
 * pages, its changes brought up to date, and the list's SMTP/LMTP receivers when configured. Nothing
 * for a wiki without git (its pages only are served).
 */
export async function startReviewService(opened: OpenedWiki, db: Db, deployment: DeploymentConfig): Promise<{ close(): Promise<void> } | undefined> {
  let desk: ReviewDesk;
  try {
    desk = await openReviewDesk({ db, opened, deployment });
  } catch (error) {
    if (error instanceof ReviewUnavailable) return undefined;
    throw error;
  }
  attachReviewDesk(opened.wiki, desk);
  await desk.regroup();
  for (const recovered of await recoverInterruptedApplies(desk)) console.log(`${recovered.fr}\n${recovered.en}`);
  const receivers = await startListReceivers(desk, deployment.mail, opened.dataDir);
  for (const [protocol, receiver] of [['SMTP', receivers.smtp], ['LMTP', receivers.lmtp]] as const) {
    const listener = protocol === 'SMTP' ? deployment.mail.smtp : deployment.mail.lmtp;
    if (receiver && listener) console.log(`Liste ${desk.options.listAddress} : ${protocol} sur / on ${listener.host}:${receiver.port}`);
  }
  return { close: () => receivers.close() };
}
