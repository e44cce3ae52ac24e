import type { LegalPageKind } from '../config/wiki-settings.js';
import { messagesFor } from './messages.js';
import type { AccountNavView, SiteView } from './model.js';

/** Where a footer's legal link goes: the wiki page the settings name for it, else Feuillet's own page. */
export function legalHref(site: SiteView, kind: LegalPageKind): string {
  return site.legalPages?.[kind] ?? `${site.basePath}/-/${kind}`;
}

/** The footer's three legal links, in order, as every theme shows them. */
export function legalLinks(site: SiteView): { href: string; label: string }[] {
  const m = messagesFor(site.lang);
  return [
    { href: legalHref(site, 'accessibilite'), label: `${m.accessibility} : ${m.accessibilityStatus[site.accessibility]}` },
    { href: legalHref(site, 'mentions-legales'), label: m.legalNotice },
    { href: legalHref(site, 'donnees-personnelles'), label: m.personalData },
  ];
}

/** What a reader's account links are for, so that a theme can mark each its own way. */
export type AccountLinkKind = 'account' | 'sign-in' | 'access-request' | 'admin';

/** Sign in, or one's account, the write-access request and administration, by the reader's role. */
export function accountLinks(site: SiteView, account: AccountNavView): { kind: AccountLinkKind; href: string; label: string }[] {
  const m = messagesFor(site.lang).accounts;
  const base = site.basePath;
  const links: { kind: AccountLinkKind; href: string; label: string }[] = [
    account.signedIn ? { kind: 'account', href: `${base}/-/account`, label: m.myAccount } : { kind: 'sign-in', href: `${base}/-/login`, label: m.signIn },
  ];
  if (account.requestAccess) links.push({ kind: 'access-request', href: `${base}/-/access-request`, label: m.requestAccess });
  if (account.admin) links.push({ kind: 'admin', href: `${base}/-/admin/`, label: m.admin });
  return links;
}
