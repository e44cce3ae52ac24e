/**
 * The mails that accounts and access requests call for, as values: `auth/` decides what to say and to
 * whom, the caller sends (through the relay or the outbox). Each text is in French and in English.
 */
import type { Role } from './roles.js';
import type { Bilingual } from '../user-error.js';

export type { Bilingual } from '../user-error.js';

export interface Notification {
  readonly to: { readonly email: string; readonly name: string };
  readonly subject: Bilingual;
  readonly text: Bilingual;
  /** The wiki page the reader should open (path with query, e.g. `/-/admin/`), joined to the wiki's URL when mailed. */
  readonly path: string;
}

export const ROLE_NAMES: Readonly<Record<Role, Bilingual>> = {
  reader: { fr: 'lecteur', en: 'reader' },
  contributor: { fr: 'contributeur', en: 'contributor' },
  writer: { fr: 'rédacteur', en: 'writer' },
  maintainer: { fr: 'mainteneur', en: 'maintainer' },
  admin: { fr: 'administrateur', en: 'admin' },
};

type Person = { readonly email: string; readonly displayName: string };

function to(person: Person): Notification['to'] {
  return { email: person.email, name: person.displayName };
}

function quoted(text: string): string {
  return text === '' ? '' : `\n\n${text.split('\n').map((line) => `> ${line}`).join('\n')}`;
}

/** One mail carrying both languages, French first, with the page's full address. */
export function bilingualMail(notification: Notification, wikiUrl: string): { to: Notification['to']; subject: string; text: string } {
  const link = new URL(notification.path, wikiUrl).href;
  return {
    to: notification.to,
    subject: `${notification.subject.fr} / ${notification.subject.en}`,
    text: `${notification.text.fr}\n\n${link}\n\n-- English --\n\n${notification.text.en}\n\n${link}\n`,
  };
}

export function emailConfirmationNotification(user: Person, path: string): Notification {
  return {
    to: to(user),
    subject: { fr: 'Confirmez votre adresse', en: 'Confirm your address' },
    text: {
      fr: `Bonjour ${user.displayName},\n\nPour activer votre compte sur le wiki, ouvrez ce lien. Si vous n'avez rien demandé, ignorez ce message.`,
      en: `Hello ${user.displayName},\n\nTo activate your account on the wiki, open this link. If you asked for nothing, ignore this message.`,
    },
    path,
  };
}

export function passwordResetNotification(user: Person, path: string): Notification {
  return {
    to: to(user),
    subject: { fr: 'Nouveau mot de passe', en: 'New password' },
    text: {
      fr: `Bonjour ${user.displayName},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.`,
      en: `Hello ${user.displayName},\n\nTo choose a new password, open this link within the hour. If you asked for nothing, ignore this message: your password stays the same.`,
    },
    path,
  };
}

/** To the owner of an address someone tried to register again (the page said "check your mail" all the same). */
export function alreadyRegisteredNotification(user: Person, resetPath: string): Notification {
  return {
    to: to(user),
    subject: { fr: 'Vous avez déjà un compte', en: 'You already have an account' },
    text: {
      fr: `Bonjour ${user.displayName},\n\nQuelqu'un (vous, sans doute) a voulu créer un compte avec votre adresse, qui en a déjà un. Si vous avez oublié votre mot de passe, ouvrez ce lien pour en choisir un nouveau.`,
      en: `Hello ${user.displayName},\n\nSomeone (you, probably) tried to create an account with your address, which already has one. If you forgot your password, open this link to choose a new one.`,
    },
    path: resetPath,
  };
}

export function accessRequestedNotification(maintainer: Person, requester: Person, message: string): Notification {
  return {
    to: to(maintainer),
    subject: { fr: `Demande d'accès en écriture de ${requester.displayName}`, en: `Write access request from ${requester.displayName}` },
    text: {
      fr: `${requester.displayName} <${requester.email}> demande un accès en écriture au wiki.${quoted(message)}\n\nAccordez-le (rédacteur ou mainteneur) ou refusez-le depuis la page d'administration :`,
      en: `${requester.displayName} <${requester.email}> asks for write access to the wiki.${quoted(message)}\n\nGrant it (writer or maintainer) or refuse it from the admin page:`,
    },
    path: '/-/admin/',
  };
}

export function accessGrantedNotification(requester: Person, role: Role): Notification {
  return {
    to: to(requester),
    subject: { fr: 'Accès en écriture accordé', en: 'Write access granted' },
    text: {
      fr: `Bonjour ${requester.displayName},\n\nVotre demande est acceptée : vous êtes maintenant ${ROLE_NAMES[role].fr} du wiki. Vous pouvez modifier les pages et pousser avec git (créez un jeton d'accès sur la page de votre compte).`,
      en: `Hello ${requester.displayName},\n\nYour request is granted: you are now a ${ROLE_NAMES[role].en} of the wiki. You can edit pages and push with git (create an access token on your account page).`,
    },
    path: '/',
  };
}

export function accessRefusedNotification(requester: Person, reason: string): Notification {
  return {
    to: to(requester),
    subject: { fr: "Demande d'accès en écriture refusée", en: 'Write access request refused' },
    text: {
      fr: `Bonjour ${requester.displayName},\n\nVotre demande d'accès en écriture n'a pas été acceptée, pour la raison suivante :${quoted(reason)}\n\nVous pouvez toujours proposer des modifications.`,
      en: `Hello ${requester.displayName},\n\nYour write access request was not granted, for this reason:${quoted(reason)}\n\nYou can still propose changes.`,
    },
    path: '/',
  };
}
