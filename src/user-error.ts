/** The languages Feuillet speaks to its users, French first. */
export type Lang = 'fr' | 'en';

/** A sentence for a user, in both. */
export type Bilingual = Readonly<Record<Lang, string>>;

/** The statuses a request that met a user's error is answered with. */
export type UserErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 507;

/**
 * An error its user can act on (a wrong address, a file git cannot take, a database out of reach), said
 * in both languages, with the HTTP status a request that meets it is answered with: the server answers
 * every one that reaches it in one place (`app.onError`), a command prints the sentence.
 */
export class UserError extends Error implements Bilingual {
  constructor(
    readonly fr: string,
    readonly en: string,
    readonly status: UserErrorStatus = 400,
    options?: ErrorOptions,
  ) {
    super(`${fr} / ${en}`, options);
    this.name = new.target.name;
  }
}

/**
 * What a person asked that was not done, and why, returned rather than thrown: the page shows it beside the
 * form, filled in as it was sent.
 */
export interface Refusal extends Bilingual {
  readonly kind: 'refused';
}

/** A refusal that decides the status its request is answered with. */
export interface RefusalWithStatus<Status extends UserErrorStatus> extends Refusal {
  readonly status: Status;
}

export function refusal(fr: string, en: string): Refusal;
export function refusal<Status extends UserErrorStatus>(fr: string, en: string, status: Status): RefusalWithStatus<Status>;
export function refusal(fr: string, en: string, status?: UserErrorStatus): Refusal | RefusalWithStatus<UserErrorStatus> {
  return status === undefined ? { kind: 'refused', fr, en } : { kind: 'refused', status, fr, en };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused';
}
