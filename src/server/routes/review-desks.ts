/**
 * Which review desk serves which wiki. The desk needs the database and the deployment's mail settings,
 * which the route context does not carry: whoever starts the server (`feuillet serve`, a test) attaches
 * the desk to the wiki it publishes, and the review and archive routes find it here. A wiki without a
 * desk (a folder without git, the bundled manual) has no review pages.
 */
import type { ReviewDesk } from '../../review/desk.js';
import type { Wiki } from '../../wiki/wiki.js';

const desks = new WeakMap<Wiki, ReviewDesk>();

export function attachReviewDesk(wiki: Wiki, desk: ReviewDesk): void {
  desks.set(wiki, desk);
}

export function reviewDeskOf(wiki: Wiki): ReviewDesk | undefined {
  return desks.get(wiki);
}
