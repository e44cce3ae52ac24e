import { UserError } from '../user-error.js';

/** Errors of the git layer, each with a sentence a person understands (French / English). */
export type GitErrorKind = 'not-a-repository' | 'empty-repository' | 'unknown-ref' | 'not-found' | 'invalid-revision' | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export const gitErrors = {
  notARepository: (dir: string) =>
    new GitError('not-a-repository', `${dir} n'est pas un dépôt git / is not a git repository`),
  emptyRepository: (dir: string) =>
    new GitError('empty-repository', `Le dépôt ${dir} ne contient encore aucun commit / the repository ${dir} has no commit yet`),
  unknownRef: (ref: string) =>
    new GitError('unknown-ref', `Branche ou révision inconnue : ${ref} / unknown branch or revision: ${ref}`),
  invalidRevision: (rev: string) =>
    new GitError('invalid-revision', `Révision invalide : ${JSON.stringify(rev)} / invalid revision`),
  notFound: (what: string) => new GitError('not-found', `Introuvable dans git : ${what} / not found in git`),
};

export class ApplyInputError extends UserError {}
