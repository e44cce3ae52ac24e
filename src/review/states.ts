/**
 * The states of a proposed change and who may move it between them (DESIGN.md § Proposed changes):
 * proposed → needs-revision | approved | rejected → applied, or superseded by a newer version.
 * Maintainers set any state; the author may withdraw the change (rejected) or ask for their own
 * revision (needs-revision) while it is still open; everyone else reads. Pure.
 */
import { can, type Visitor } from '../auth/roles.js';

export const CHANGE_STATES = ['proposed', 'needs-revision', 'approved', 'rejected', 'applied', 'superseded'] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** States in which the author still has a say and a newer version replaces the change. */
export const OPEN_STATES: readonly ChangeState[] = ['proposed', 'needs-revision', 'approved'];

export function isChangeState(value: unknown): value is ChangeState {
  return typeof value === 'string' && (CHANGE_STATES as readonly string[]).includes(value);
}

/**
 * A state as people write it in a mail header or on the command line: `APPLIED`, `Needs_Revision`,
 * `needs revision`; sourcehut's `NEEDS_REVISION` reads the same.
 */
export function parseChangeState(written: string): ChangeState | undefined {
  const state = written.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return isChangeState(state) ? state : undefined;
}

/** Who asks for a state change: their role, and their address to tell whether they wrote the change. */
export interface StateActor {
  readonly role: Visitor;
  readonly address: string | undefined;
}

export type StateDecision = { readonly allowed: true } | { readonly allowed: false; readonly fr: string; readonly en: string };

export function mayChangeState(actor: StateActor, change: { readonly state: ChangeState; readonly sender: { readonly address: string } }, to: ChangeState): StateDecision {
  if (change.state === to) return refuse(`La modification est déjà dans l’état ${to}.`, `The change is already ${to}.`);
  if (actor.role !== 'anonymous' && can(actor.role, 'review')) return { allowed: true };
  const isAuthor = actor.address !== undefined && actor.address.trim().toLowerCase() === change.sender.address.trim().toLowerCase();
  if (!isAuthor) return refuse('Seuls les mainteneurs et l’auteur peuvent changer l’état d’une modification.', 'Only maintainers and the author may change the state of a change.');
  if (!OPEN_STATES.includes(change.state)) {
    return refuse('La modification est close : seul un mainteneur peut la rouvrir.', 'The change is closed: only a maintainer may reopen it.');
  }
  if (to !== 'rejected' && to !== 'needs-revision') {
    return refuse('L’auteur peut seulement retirer sa modification ou la marquer « à reprendre ».', 'The author may only withdraw their change or mark it as needing revision.');
  }
  return { allowed: true };
}

function refuse(fr: string, en: string): StateDecision {
  return { allowed: false, fr, en };
}
