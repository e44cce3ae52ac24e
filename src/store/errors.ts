import { UserError } from '../user-error.js';

/** Errors of the database layer, the same for SQLite and PostgreSQL, each with a French and an English sentence. */
export type StoreErrorKind =
  | 'unique-violation'
  | 'foreign-key-violation'
  | 'busy'
  | 'cannot-open'
  | 'migration-failed'
  | 'misuse'
  | 'failed';

export class StoreError extends UserError {
  constructor(
    readonly kind: StoreErrorKind,
    fr: string,
    en: string,
    options?: { cause?: unknown },
  ) {
    super(fr, en, kind === 'busy' || kind === 'cannot-open' ? 503 : 500, options);
  }
}

export const storeErrors = {
  uniqueViolation: (cause: unknown) =>
    new StoreError('unique-violation', 'Cette valeur existe déjà', 'This value already exists', { cause }),
  foreignKeyViolation: (cause: unknown) =>
    new StoreError('foreign-key-violation', 'Référence à un élément inexistant', 'Reference to a missing item', { cause }),
  busy: (cause: unknown) =>
    new StoreError(
      'busy',
      'La base de données est occupée par un autre processus ; réessayez',
      'The database is busy in another process; try again',
      { cause },
    ),
  cannotOpen: (where: string, cause: unknown) =>
    new StoreError(
      'cannot-open',
      `Impossible d'ouvrir la base de données ${where}`,
      `Cannot open the database ${where}`,
      { cause },
    ),
  migrationFailed: (id: string, cause: unknown) =>
    new StoreError(
      'migration-failed',
      `La mise à jour du schéma ${id} a échoué ; rien n'a été modifié par elle`,
      `Schema migration ${id} failed; it changed nothing`,
      { cause },
    ),
  /** A programming error: the message is for developers, in both languages all the same. */
  misuse: (fr: string, en: string) => new StoreError('misuse', fr, en),
  failed: (cause: unknown) => {
    const detail = cause instanceof Error ? ` : ${cause.message}` : '';
    return new StoreError('failed', `Erreur de la base de données${detail}`, `Database error${detail.replace(' :', ':')}`, { cause });
  },
};

export function isStoreError(error: unknown, kind?: StoreErrorKind): error is StoreError {
  return error instanceof StoreError && (kind === undefined || error.kind === kind);
}
