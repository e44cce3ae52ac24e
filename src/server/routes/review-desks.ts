/**
 * Which review desk serves which wiki. `feuillet serve` opens the desk with the deployment's settings
 * (relay, public address, data folder) and attaches it to the wiki it publishes; a server made otherwise
 * (an embedding, a test) with accounts gets a desk opened on first use with the wiki's own settings.
 * A wiki without git, or a server without a database, has no review pages.
 */
import type { ReviewDesk } from '../../review/desk.js';
import { openDefaultReviewDesk, ReviewUnavailable } from '../../review/open.js';
import type { Wiki } from '../../wiki/wiki.js';
import type { RouteContext } from './context.js';

const desks = new WeakMap<Wiki, Promise<ReviewDesk | undefined>>();

export function attachReviewDesk(wiki: Wiki, desk: ReviewDesk): void {
  desks.set(wiki, Promise.resolve(desk));
}

export function reviewDeskOf(ctx: RouteContext): Promise<ReviewDesk | undefined> {
  const { wiki } = ctx.publication;
  let desk = desks.get(wiki);
  if (!desk) {
    const services = ctx.services;
    desk = services
      ? openDefaultReviewDesk(services.auth.db, wiki, services.settings.publicUrl).catch((error: unknown) => {
          if (error instanceof ReviewUnavailable) return undefined;
          desks.delete(wiki);
          throw error;
        })
      : Promise.resolve(undefined);
    desks.set(wiki, desk);
  }
  return desk;
}
