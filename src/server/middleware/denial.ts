import type { Context } from 'hono';

/** Why a request is turned away: not signed in, not allowed, or a form without its CSRF token. */
export type DenialReason = 'sign-in' | 'forbidden' | 'csrf';

/** How the app answers a denial (a page in the wiki's style, or a redirect to the sign-in page). */
export type DeniedAnswer = (c: Context, reason: DenialReason) => Response | Promise<Response>;
