/**
 * A write that failed because the disk is full or mounted read-only, whichever layer raised it: Node's
 * fs (errno codes), SQLite (its result codes) or a git process (its C-locale messages, as src/git/run.ts
 * runs git with LC_ALL=C). Neither is a bug: the person is told plainly that nothing was saved and to try
 * again later, keeping their text, instead of "unexpected error".
 */
export type StorageFailure = 'full' | 'read-only';

const CODES: Readonly<Record<string, StorageFailure>> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  SQLITE_FULL: 'full',
  EROFS: 'read-only',
  SQLITE_READONLY: 'read-only',
};

const GIT_SAYS: readonly [RegExp, StorageFailure][] = [
  [/No space left on device|Out of diskspace|Disk quota exceeded/i, 'full'],
  [/Read-only file system/i, 'read-only'],
];

/** What an error, or a git process's message, says of the disk. */
export function storageFailure(error: unknown): StorageFailure | undefined {
  if (typeof error === 'string') return GIT_SAYS.find(([pattern]) => pattern.test(error))?.[1];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    // SQLite's extended codes (SQLITE_READONLY_DBMOVED, …) say the same as their primary code.
    const primary = typeof code === 'string' ? /^[A-Z]+(?:_[A-Z]+)?/.exec(code)?.[0] : undefined;
    const known = primary === undefined ? undefined : CODES[primary];
    if (known) return known;
    const said = storageFailure(cause.message);
    if (said) return said;
  }
  return undefined;
}

/** What a person is told, with the HTTP status it is answered with (507 Insufficient Storage, 503). */
export const STORAGE_REFUSALS: Readonly<Record<StorageFailure, { readonly status: 503 | 507; readonly fr: string; readonly en: string }>> = {
  'full': {
    status: 507,
    fr: 'Le disque du serveur est plein : rien n’a été enregistré. Gardez une copie de votre texte et réessayez plus tard.',
    en: 'The server’s disk is full: nothing was saved. Keep a copy of your text and try again later.',
  },
  'read-only': {
    status: 503,
    fr: 'Le wiki est en lecture seule en ce moment : rien n’a été enregistré. Gardez une copie de votre texte et réessayez plus tard.',
    en: 'The wiki is read-only at the moment: nothing was saved. Keep a copy of your text and try again later.',
  },
};
