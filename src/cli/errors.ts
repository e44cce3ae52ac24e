import { GitError } from '../git/errors.js';
import { PortInUseError } from '../server/start.js';
import { OpenError } from '../wiki/open.js';

/** A mistake in how the command was called; exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The one sentence a user sees for an error they can fix, or undefined for a bug (shown with --debug). */
export function userMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof OpenError || error instanceof PortInUseError || error instanceof GitError) return error.message;
  if (error instanceof Error && 'file' in error && 'line' in error) return error.message;
  return undefined;
}
