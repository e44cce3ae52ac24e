import { UserError, type UserErrorStatus } from '../user-error.js';

/**
 * Every error a person can meet in accounts and access, as a typed value with a French and an English
 * sentence. The HTTP layer maps `code` to a status in one place; the sentences are shown as they are.
 */
export type AuthErrorCode =
  | 'invalid-email'
  | 'invalid-display-name'
  | 'invalid-text'
  | 'invalid-role'
  | 'password-too-short'
  | 'password-too-long'
  | 'email-taken'
  | 'invalid-credentials'
  | 'wrong-password'
  | 'rate-limited'
  | 'account-disabled'
  | 'email-not-confirmed'
  | 'email-already-confirmed'
  | 'invalid-link'
  | 'forbidden'
  | 'user-not-found'
  | 'last-admin'
  | 'already-has-access'
  | 'request-pending'
  | 'request-not-found'
  | 'request-already-decided'
  | 'token-not-found'
  | 'oidc-claims-invalid'
  | 'oidc-email-missing'
  | 'oidc-email-unverified'
  | 'secret-unsafe';

/** The status each error answers a request with. */
const STATUS: Readonly<Record<AuthErrorCode, UserErrorStatus>> = {
  'invalid-email': 400,
  'invalid-display-name': 400,
  'invalid-text': 400,
  'invalid-role': 400,
  'password-too-short': 400,
  'password-too-long': 400,
  'email-taken': 409,
  'invalid-credentials': 401,
  'wrong-password': 400,
  'rate-limited': 429,
  'account-disabled': 403,
  'email-not-confirmed': 403,
  'email-already-confirmed': 409,
  'invalid-link': 400,
  forbidden: 403,
  'user-not-found': 404,
  'last-admin': 409,
  'already-has-access': 409,
  'request-pending': 409,
  'request-not-found': 404,
  'request-already-decided': 409,
  'token-not-found': 404,
  'oidc-claims-invalid': 502,
  'oidc-email-missing': 403,
  'oidc-email-unverified': 403,
  'secret-unsafe': 500,
};

export class AuthError extends UserError {
  constructor(
    readonly code: AuthErrorCode,
    fr: string,
    en: string,
    /** For `rate-limited`: how long until another attempt is allowed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(fr, en, STATUS[code]);
  }
}

export function isAuthError(error: unknown, code?: AuthErrorCode): error is AuthError {
  return error instanceof AuthError && (code === undefined || error.code === code);
}

function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export const authErrors = {
  invalidEmail: () =>
    new AuthError('invalid-email', "Cette adresse électronique n'est pas valide.", 'This email address is not valid.'),
  invalidDisplayName: (max: number) =>
    new AuthError(
      'invalid-display-name',
      `Le nom affiché doit compter de 1 à ${max} caractères, sans caractères de contrôle.`,
      `The display name must be 1 to ${max} characters long, without control characters.`,
    ),
  invalidText: (fieldFr: string, fieldEn: string, max: number) =>
    new AuthError(
      'invalid-text',
      `Le champ « ${fieldFr} » doit compter de 1 à ${max} caractères.`,
      `The field "${fieldEn}" must be 1 to ${max} characters long.`,
    ),
  invalidRole: (written: string) =>
    new AuthError(
      'invalid-role',
      `Rôle inconnu : ${written.slice(0, 40)} (reader, contributor, writer, maintainer ou admin).`,
      `Unknown role: ${written.slice(0, 40)} (reader, contributor, writer, maintainer or admin).`,
    ),
  passwordTooShort: (min: number) =>
    new AuthError(
      'password-too-short',
      `Le mot de passe doit compter au moins ${min} caractères.`,
      `The password must be at least ${min} characters long.`,
    ),
  passwordTooLong: (max: number) =>
    new AuthError(
      'password-too-long',
      `Le mot de passe ne peut dépasser ${max} caractères.`,
      `The password cannot be longer than ${max} characters.`,
    ),
  emailTaken: () =>
    new AuthError('email-taken', 'Un compte existe déjà avec cette adresse.', 'An account already exists with this address.'),
  /** The one message for an unknown account and a wrong password. */
  invalidCredentials: () =>
    new AuthError('invalid-credentials', 'Adresse ou mot de passe incorrect.', 'Wrong email address or password.'),
  wrongPassword: () =>
    new AuthError('wrong-password', 'Le mot de passe actuel est incorrect.', 'The current password is wrong.'),
  rateLimited: (retryAfterSeconds: number) =>
    new AuthError(
      'rate-limited',
      `Trop de tentatives. Réessayez dans ${minutes(retryAfterSeconds)} minute(s).`,
      `Too many attempts. Try again in ${minutes(retryAfterSeconds)} minute(s).`,
      retryAfterSeconds,
    ),
  accountDisabled: () =>
    new AuthError(
      'account-disabled',
      'Ce compte est désactivé. Adressez-vous aux responsables du wiki.',
      "This account is disabled. Contact the wiki's maintainers.",
    ),
  emailNotConfirmed: () =>
    new AuthError(
      'email-not-confirmed',
      "Confirmez d'abord votre adresse avec le lien reçu par courriel.",
      'First confirm your address with the link you received by email.',
    ),
  emailAlreadyConfirmed: () =>
    new AuthError('email-already-confirmed', 'Cette adresse est déjà confirmée.', 'This address is already confirmed.'),
  invalidLink: () =>
    new AuthError(
      'invalid-link',
      "Ce lien n'est pas valide, a déjà servi ou a expiré. Demandez-en un nouveau.",
      'This link is not valid, has been used or has expired. Ask for a new one.',
    ),
  forbidden: () =>
    new AuthError('forbidden', "Vous n'avez pas le droit de faire cela.", 'You are not allowed to do this.'),
  userNotFound: () => new AuthError('user-not-found', 'Compte introuvable.', 'Account not found.'),
  lastAdmin: () =>
    new AuthError(
      'last-admin',
      "C'est le dernier compte administrateur actif : nommez-en un autre d'abord.",
      'This is the last active admin account: appoint another one first.',
    ),
  alreadyHasAccess: () =>
    new AuthError('already-has-access', 'Vous avez déjà accès en écriture.', 'You already have write access.'),
  requestPending: () =>
    new AuthError(
      'request-pending',
      'Vous avez déjà une demande en attente ; les responsables vont y répondre.',
      'You already have a pending request; the maintainers will answer it.',
    ),
  requestNotFound: () => new AuthError('request-not-found', 'Demande introuvable.', 'Request not found.'),
  requestAlreadyDecided: () =>
    new AuthError('request-already-decided', 'Cette demande a déjà reçu une réponse.', 'This request has already been answered.'),
  tokenNotFound: () => new AuthError('token-not-found', 'Jeton introuvable.', 'Token not found.'),
  oidcClaimsInvalid: () =>
    new AuthError(
      'oidc-claims-invalid',
      "Le fournisseur d'identité a renvoyé une identité incomplète.",
      'The identity provider returned an incomplete identity.',
    ),
  oidcEmailMissing: () =>
    new AuthError(
      'oidc-email-missing',
      "Le fournisseur d'identité n'a pas transmis d'adresse électronique valide.",
      'The identity provider did not send a valid email address.',
    ),
  oidcEmailUnverified: () =>
    new AuthError(
      'oidc-email-unverified',
      "Le fournisseur d'identité n'a pas vérifié cette adresse électronique.",
      'The identity provider has not verified this email address.',
    ),
  secretUnsafe: (fr: string, en: string) => new AuthError('secret-unsafe', fr, en),
};
