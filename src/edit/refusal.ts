import type { Bilingual } from '../user-error.js';
/**
 * Why a file operation (create, rename, delete, upload, restore) was not done, in words a writer
 * understands, French and English. Routes show `fr` or `en` beside the form, filled as it was sent.
 */
export interface Refusal extends Bilingual {
  readonly kind: 'refused';
}

export function refusal(fr: string, en: string): Refusal {
  return { kind: 'refused', fr, en };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused';
}
