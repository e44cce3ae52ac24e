/**
 * Who a web edit's commit names: the signed-in person (display name, address) as author. git refuses
 * `<`, `>` and control characters in identities; they are dropped from the name rather than refusing
 * the save (the address was checked when the account was made).
 */
import type { Identity } from '../git/index.js';

export function authorOf(person: { readonly displayName?: string | null; readonly email: string }): Identity {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const name = (person.displayName ?? '').replace(/[<>\u0000-\u001f\u007f]/g, '').trim();
  return { name: name || person.email.split('@')[0] || person.email, email: person.email };
}
