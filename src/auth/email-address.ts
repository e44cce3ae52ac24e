/**
 * Email addresses as accounts know them. An address is kept in one canonical ASCII form: the local part
 * must be plain ASCII (after NFKC, so full-width letters fold to ASCII) and the domain is converted to
 * its IDNA "xn--" form. Two addresses that look alike are therefore either the same account or visibly
 * different (`exаmple.org` with a Cyrillic "а" becomes `xn--exmple-4nf.org`). Uniqueness uses `key`,
 * the lower-cased address: mail systems treat local parts case-insensitively in practice.
 */
import { domainToASCII } from 'node:url';
import { authErrors } from './errors.js';

export interface EmailAddress {
  /** The address as it will be shown and mailed to. */
  readonly address: string;
  /** The comparison key (lower case), unique among accounts. */
  readonly key: string;
}

const MAX_ADDRESS = 254; // RFC 5321's limit on a path, less the angle brackets
const MAX_LOCAL = 64;
// RFC 5322 dot-atom; quoted local parts ("a b"@x) are refused on purpose: no one at work has one.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The canonical form of an address typed by a person or sent by an identity provider, or undefined. */
export function parseEmailAddress(input: unknown): EmailAddress | undefined {
  if (typeof input !== 'string' || input.length > 4 * MAX_ADDRESS) return undefined;
  const text = input.normalize('NFKC').trim();
  const at = text.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = text.slice(0, at);
  if (local.length > MAX_LOCAL || !LOCAL_PART.test(local)) return undefined;
  const domain = domainToASCII(text.slice(at + 1).toLowerCase());
  const labels = domain.split('.');
  if (domain === '' || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1) ?? '')) return undefined;
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS) return undefined;
  return { address, key: address.toLowerCase() };
}

/** As `parseEmailAddress`, throwing `invalid-email` for a person to read. */
export function emailAddress(input: unknown): EmailAddress {
  const parsed = parseEmailAddress(input);
  if (!parsed) throw authErrors.invalidEmail();
  return parsed;
}

/** The part before the `@`: a default display name for accounts made without one. */
export function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}
