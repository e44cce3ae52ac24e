import { UserError } from '../user-error.js';

/** A mistake in how the command was called; exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Errors whose message is meant for the user besides UserErrors, by name: importing GitError here would
 * load the git modules before any command runs (`feuillet --version` took over a second).
 */
const USER_ERRORS: ReadonlySet<string> = new Set(['UsageError', 'GitError']);

/** The one sentence a user sees for an error they can fix, or undefined for a bug (shown with --debug). */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof UserError || (error instanceof Error && USER_ERRORS.has(error.name))) return error.message;
  return undefined;
}
