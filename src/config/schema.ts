import type { ValueKind } from './values.js';

/** One setting: what it holds, its default, what it means, and where else than the file it can be given. */
export interface SettingSpec {
  kind: ValueKind;
  /** A list of values of this kind (one a line, or `[a, b]`). */
  list?: true;
  default?: string | number | boolean | readonly string[];
  /** Said instead of a default when there is none or when it is worked out elsewhere. */
  defaultNote?: { fr: string; en: string };
  fr: string;
  en: string;
  /** A value other than the default, as written in YAML, for the documentation and the sample file. */
  example: string;
  /** Never repeated in messages. */
  secret?: true;
  /** The command-line flag, without `--`. Secrets have none: command lines show in `ps`. */
  flag?: string;
  /** Short environment variable names, besides the one the general rule gives (see envNames). */
  envAliases?: readonly string[];
}

const NONE = { fr: 'aucun', en: 'none' };

/**
 * Every deployment setting, by its dotted key in the `--config` file (kebab-case is read as snake_case).
 * The documentation, the environment variables and the flags are all derived from this table.
 */
export const DEPLOYMENT_SETTINGS = {
  'server.host': {
    kind: 'host', default: '127.0.0.1', flag: 'host', envAliases: ['FEUILLET_HOST'], example: '0.0.0.0',
    fr: 'Adresse sur laquelle le serveur web écoute', en: 'Address the web server listens on',
  },
  'server.port': {
    kind: 'port', default: 8080, flag: 'port', envAliases: ['FEUILLET_PORT'], example: '80',
    fr: 'Port du serveur web (0 : un port libre quelconque)', en: 'Web server port (0: any free port)',
  },
  'server.public_url': {
    kind: 'base-url', flag: 'public-url', envAliases: ['FEUILLET_PUBLIC_URL'], example: 'https://wiki.example.org/',
    defaultNote: { fr: 'déduite de chaque requête', en: 'taken from each request' },
    fr: 'Adresse publique du serveur, pour les liens des courriels, des flux et de la connexion', en: 'Public address of the server, for links in mail, feeds and sign-in',
  },
  'server.trusted_proxies': {
    kind: 'networks', example: '127.0.0.1, 10.0.0.0/8',
    defaultNote: { fr: 'aucun : l’adresse de chaque connexion est celle du client', en: 'none: each connection’s address is the client’s' },
    fr: 'Mandataires inverses dont l’en-tête X-Forwarded-For donne l’adresse du client (limites de connexion, journal)',
    en: 'Reverse proxies whose X-Forwarded-For header gives the client’s address (sign-in limits, audit log)',
  },
  data_dir: {
    kind: 'folder', flag: 'data', envAliases: ['FEUILLET_DATA'], example: '/var/lib/feuillet',
    defaultNote: { fr: '.git/feuillet/ dans le dépôt (feuillet/ pour un dépôt nu)', en: '.git/feuillet/ in the repository (feuillet/ in a bare one)' },
    fr: 'Dossier des données de Feuillet (base, index, courriels reçus, boîte d’envoi)', en: 'Feuillet’s data folder (database, index, received mail, outbox)',
  },
  'database.url': {
    kind: 'database', secret: true, example: 'postgres://feuillet@localhost/feuillet',
    defaultNote: { fr: 'SQLite : feuillet.sqlite dans le dossier des données', en: 'SQLite: feuillet.sqlite in the data folder' },
    fr: 'Base de données : adresse postgres:// ou chemin d’un fichier SQLite', en: 'Database: a postgres:// address or the path of an SQLite file',
  },
  'mail.smtp.host': {
    kind: 'host', default: '127.0.0.1', example: '0.0.0.0',
    fr: 'Adresse d’écoute du serveur SMTP', en: 'Address the SMTP server listens on',
  },
  'mail.smtp.port': {
    kind: 'port', flag: 'smtp-port', envAliases: ['FEUILLET_SMTP_PORT'], example: '2525',
    defaultNote: { fr: 'aucun : pas de serveur SMTP', en: 'none: no SMTP server' },
    fr: 'Port du serveur SMTP qui reçoit les courriels de la liste', en: 'Port of the SMTP server that receives the list’s mail',
  },
  'mail.lmtp.host': {
    kind: 'host', default: '127.0.0.1', example: '192.0.2.10',
    fr: 'Adresse d’écoute du serveur LMTP', en: 'Address the LMTP server listens on',
  },
  'mail.lmtp.port': {
    kind: 'port', flag: 'lmtp-port', envAliases: ['FEUILLET_LMTP_PORT'], example: '2424',
    defaultNote: { fr: 'aucun : pas de serveur LMTP', en: 'none: no LMTP server' },
    fr: 'Port du serveur LMTP, pour qu’un serveur de courriel (Postfix, Exim) livre à Feuillet', en: 'Port of the LMTP server, for a mail server (Postfix, Exim) to deliver to Feuillet',
  },
  'mail.tls.key_file': {
    kind: 'file', example: '/etc/ssl/private/listes.key',
    defaultNote: { fr: 'aucun : pas de STARTTLS', en: 'none: no STARTTLS' },
    fr: 'Clé privée TLS (PEM) pour STARTTLS, avec mail.tls.cert_file', en: 'TLS private key (PEM) for STARTTLS, with mail.tls.cert_file',
  },
  'mail.tls.cert_file': {
    kind: 'file', example: '/etc/ssl/certs/listes.pem', defaultNote: NONE,
    fr: 'Certificat TLS (PEM) pour STARTTLS, avec mail.tls.key_file', en: 'TLS certificate (PEM) for STARTTLS, with mail.tls.key_file',
  },
  'mail.max_bytes': {
    kind: 'bytes', default: 25 * 2 ** 20, example: '50MiB',
    fr: 'Taille maximale d’un courriel reçu (au-delà : refus 552)', en: 'Largest mail accepted (larger: refused with 552)',
  },
  'mail.list_address': {
    kind: 'email', example: 'logiciels-libres@listes.example.org',
    defaultNote: { fr: 'celle du wiki (list_address de .feuillet.yml)', en: 'the wiki’s (list_address in .feuillet.yml)' },
    fr: 'Adresse de la liste ; le courrier pour toute autre adresse est refusé', en: 'The list’s address; mail for any other address is refused',
  },
  'mail.relay.host': {
    kind: 'host', example: 'smtp.example.org',
    defaultNote: { fr: 'aucun : les courriels sortants vont dans outbox/ du dossier des données', en: 'none: outgoing mail goes to outbox/ in the data folder' },
    fr: 'Relais SMTP des courriels sortants', en: 'SMTP relay for outgoing mail',
  },
  'mail.relay.port': {
    kind: 'port', example: '587',
    defaultNote: { fr: '587, ou 465 avec secure', en: '587, or 465 with secure' },
    fr: 'Port du relais SMTP', en: 'Port of the SMTP relay',
  },
  'mail.relay.secure': {
    kind: 'boolean', default: false, example: 'true',
    fr: 'TLS dès la connexion au relais (sinon STARTTLS quand il le propose)', en: 'TLS from the start of the relay connection (otherwise STARTTLS when offered)',
  },
  'mail.relay.user': {
    kind: 'text', example: 'feuillet', defaultNote: { fr: 'aucun : pas d’authentification', en: 'none: no authentication' },
    fr: 'Identifiant auprès du relais, avec mail.relay.password', en: 'User name at the relay, with mail.relay.password',
  },
  'mail.relay.password': {
    kind: 'secret', secret: true, envAliases: ['FEUILLET_RELAY_PASSWORD'], example: '"…"', defaultNote: NONE,
    fr: 'Mot de passe auprès du relais (mieux : la variable FEUILLET_RELAY_PASSWORD)', en: 'Password at the relay (better: the FEUILLET_RELAY_PASSWORD variable)',
  },
  'mail.relay.from': {
    kind: 'sender', example: 'Wiki <wiki@example.org>',
    defaultNote: { fr: 'l’adresse de la liste', en: 'the list’s address' },
    fr: 'Expéditeur des courriels sortants', en: 'Sender of outgoing mail',
  },
  'auth.registration': {
    kind: 'boolean', default: false, example: 'true',
    fr: 'Chacun peut créer un compte (adresse confirmée par courriel)', en: 'Anyone may create an account (address confirmed by mail)',
  },
  'auth.private': {
    kind: 'boolean', default: false, example: 'true',
    fr: 'Le wiki n’est lisible que par les personnes connectées', en: 'Only signed-in people can read the wiki',
  },
  'auth.allow_force_push': {
    kind: 'boolean', default: false, example: 'true',
    fr: 'Accepter les git push --force (qui réécrivent l’historique)', en: 'Accept git push --force (which rewrites history)',
  },
  'auth.oidc.issuer': {
    kind: 'http-url', example: 'https://sso.example.org/realms/wiki',
    defaultNote: { fr: 'aucun : pas de connexion OpenID Connect', en: 'none: no OpenID Connect sign-in' },
    fr: 'Émetteur OpenID Connect (ProConnect, Keycloak…), avec auth.oidc.client_id', en: 'OpenID Connect issuer (ProConnect, Keycloak…), with auth.oidc.client_id',
  },
  'auth.oidc.client_id': {
    kind: 'text', example: 'feuillet', defaultNote: NONE,
    fr: 'Identifiant de Feuillet chez l’émetteur', en: 'Feuillet’s client id at the issuer',
  },
  'auth.oidc.client_secret': {
    kind: 'secret', secret: true, envAliases: ['FEUILLET_OIDC_CLIENT_SECRET'], example: '"…"', defaultNote: NONE,
    fr: 'Secret client (mieux : la variable FEUILLET_OIDC_CLIENT_SECRET)', en: 'Client secret (better: the FEUILLET_OIDC_CLIENT_SECRET variable)',
  },
  'auth.oidc.redirect_uri': {
    kind: 'http-url', example: 'https://wiki.example.org/-/login/oidc',
    defaultNote: { fr: 'déduite de server.public_url', en: 'derived from server.public_url' },
    fr: 'Adresse de retour déclarée chez l’émetteur', en: 'Redirect URI registered at the issuer',
  },
  'auth.oidc.scopes': {
    kind: 'scopes', default: ['openid', 'email', 'profile'], example: 'openid email given_name usual_name',
    fr: 'Portées demandées (liste ou mots séparés par des espaces ; openid obligatoire)', en: 'Scopes asked for (a list or space-separated words; openid required)',
  },
  'auth.oidc.label': {
    kind: 'text', default: 'OpenID Connect', example: 'ProConnect',
    fr: 'Texte du bouton de connexion', en: 'Text of the sign-in button',
  },
  'build.max_page_bytes': {
    kind: 'bytes', default: 5 * 2 ** 20, example: '10MiB',
    fr: 'Taille maximale d’une page rendue (au-delà : page d’erreur)', en: 'Largest page rendered (larger: an error page)',
  },
  'edit.max_upload_bytes': {
    kind: 'bytes', default: 10 * 2 ** 20, example: '50MiB',
    fr: 'Taille maximale d’un fichier déposé par le formulaire de dépôt (au-delà : refus)', en: 'Largest file accepted by the upload form (larger: refused)',
  },
  'git.ref': {
    kind: 'git-ref', flag: 'ref', example: 'main',
    defaultNote: { fr: 'la branche HEAD du dépôt', en: 'the repository’s HEAD branch' },
    fr: 'Branche publiée', en: 'Published branch',
  },
  'git.root': {
    kind: 'relative-path', flag: 'root', example: 'docs',
    defaultNote: { fr: 'la racine du dépôt', en: 'the repository’s root' },
    fr: 'Sous-dossier du dépôt qui est le wiki', en: 'Sub-folder of the repository that is the wiki',
  },
} as const satisfies Record<string, SettingSpec>;

export type DeploymentKey = keyof typeof DEPLOYMENT_SETTINGS;

type FlagOf<K extends DeploymentKey> = (typeof DEPLOYMENT_SETTINGS)[K] extends { flag: infer F extends string } ? F : never;
/** The command-line flags that set deployment settings (without `--`). */
export type DeploymentFlag = { [K in DeploymentKey]: FlagOf<K> }[DeploymentKey];

/**
 * Environment variables for a key: `FEUILLET_` and the key in capitals with `.` and `-` as `_`
 * (`mail.relay.host` → `FEUILLET_MAIL_RELAY_HOST`), then the short names of the table.
 */
export function envNames(key: DeploymentKey): readonly string[] {
  const spec: SettingSpec = DEPLOYMENT_SETTINGS[key];
  return [`FEUILLET_${key.toUpperCase().replace(/[.-]/g, '_')}`, ...(spec.envAliases ?? [])];
}

/** Every wiki setting of `.feuillet.yml`, at the wiki root (kebab-case is read as snake_case). */
export const WIKI_SETTINGS = {
  name: {
    kind: 'text', example: 'logiciels-libres',
    defaultNote: { fr: 'le nom du dossier du dépôt', en: 'the repository folder’s name' },
    fr: 'Nom court du wiki', en: 'Short name of the wiki',
  },
  title: {
    kind: 'text', example: 'Wiki de la mission logiciels libres', defaultNote: { fr: 'le nom', en: 'the name' },
    fr: 'Titre affiché en tête de chaque page', en: 'Title shown at the top of every page',
  },
  language: {
    kind: 'language', default: 'fr', example: 'en',
    fr: 'Langue de l’interface et des pages : fr ou en', en: 'Language of the interface and pages: fr or en',
  },
  licence: {
    kind: 'licence', example: '{ name: Licence Ouverte 2.0, url: https://www.etalab.gouv.fr/licence-ouverte-open-licence/ }', defaultNote: NONE,
    fr: 'Licence du contenu, en pied de page : un nom, ou name et url', en: 'Licence of the content, in the footer: a name, or name and url',
  },
  theme: {
    kind: 'theme', default: 'default', example: 'dsfr',
    fr: 'Apparence : default, ou dsfr (Système de design de l’État, sites de l’État seulement)', en: 'Look: default, or dsfr (French State design system, State websites only)',
  },
  public_url: {
    kind: 'base-url', example: 'https://wiki.example.org/', defaultNote: NONE,
    fr: 'Adresse publique du wiki ; les liens absolus vers elle sont internes', en: 'Public address of the wiki; absolute links to it are internal',
  },
  old_urls: {
    kind: 'url-prefix', list: true, default: [], example: '[https://man.sr.ht/~codegouvfr/logiciels-libres/, /~codegouvfr/logiciels-libres/]',
    fr: 'Anciennes adresses du wiki (absolues, ou chemins commençant par /) ; les liens vers elles sont internes', en: 'Former addresses of the wiki (absolute, or paths starting with /); links to them are internal',
  },
  list_address: {
    kind: 'email', example: 'logiciels-libres@listes.example.org',
    defaultNote: { fr: 'NOM@lists.localhost (NOM : le nom, sans accents ni espaces)', en: 'NAME@lists.localhost (NAME: the name, without accents or spaces)' },
    fr: 'Adresse de la liste de discussion du wiki', en: 'Address of the wiki’s mailing list',
  },
  subject_prefix: {
    kind: 'text', example: 'logiciels-libres', defaultNote: { fr: 'le nom', en: 'the name' },
    fr: 'Préfixe des correctifs pour ce wiki : [PATCH préfixe]', en: 'Patch prefix for this wiki: [PATCH prefix]',
  },
  accessibility: {
    kind: 'accessibility', default: 'non', example: 'partiellement',
    fr: 'État de conformité au RGAA : non, partiellement ou totalement (conforme)', en: 'RGAA compliance: non, partiellement or totalement (conforme)',
  },
  format: {
    kind: 'format', default: 'auto', example: 'gollum',
    fr: 'Famille du wiki : auto, sourcehut ou gollum (wikis GitHub)', en: 'Wiki family: auto, sourcehut or gollum (GitHub wikis)',
  },
  publisher: {
    kind: 'text', example: 'Direction interministérielle du numérique (DINUM)', defaultNote: NONE,
    fr: 'Éditeur du site, pour les mentions légales (/-/mentions-legales)', en: 'Publisher of the site, for the legal notice (/-/mentions-legales)',
  },
  publisher_address: {
    kind: 'text', example: '20 avenue de Ségur, 75007 Paris', defaultNote: NONE,
    fr: 'Adresse postale de l’éditeur, pour les mentions légales', en: 'Postal address of the publisher, for the legal notice',
  },
  publication_director: {
    kind: 'text', example: 'Nom Prénom, directeur de la DINUM', defaultNote: NONE,
    fr: 'Directeur ou directrice de la publication, pour les mentions légales', en: 'Director of publication, for the legal notice',
  },
  hosting_provider: {
    kind: 'text', example: 'OVH SAS, 2 rue Kellermann, 59100 Roubaix', defaultNote: NONE,
    fr: 'Hébergeur du site (nom, adresse), pour les mentions légales', en: 'Hosting provider of the site (name, address), for the legal notice',
  },
  contact: {
    kind: 'email', example: 'contact@example.org',
    defaultNote: { fr: 'l’adresse de la liste', en: 'the list’s address' },
    fr: 'Adresse où écrire au sujet du site (accessibilité, mentions légales)', en: 'Address to write to about the site (accessibility, legal notice)',
  },
  accessibility_page: {
    kind: 'relative-path', example: 'a-propos/accessibilite.md',
    defaultNote: { fr: 'celle de Feuillet, /-/accessibilite', en: 'Feuillet’s, /-/accessibilite' },
    fr: 'Page du wiki qui tient lieu de déclaration d’accessibilité (lien du pied de page)', en: 'Wiki page that stands as the accessibility statement (footer link)',
  },
  legal_notice_page: {
    kind: 'relative-path', example: 'a-propos/mentions-legales.md',
    defaultNote: { fr: 'celle de Feuillet, /-/mentions-legales', en: 'Feuillet’s, /-/mentions-legales' },
    fr: 'Page du wiki qui tient lieu de mentions légales (lien du pied de page)', en: 'Wiki page that stands as the legal notice (footer link)',
  },
  personal_data_page: {
    kind: 'relative-path', example: 'a-propos/donnees-personnelles.md',
    defaultNote: { fr: 'celle de Feuillet, /-/donnees-personnelles', en: 'Feuillet’s, /-/donnees-personnelles' },
    fr: 'Page du wiki qui tient lieu de page Données personnelles (lien du pied de page)', en: 'Wiki page that stands as the personal data page (footer link)',
  },
  personal_data_contact: {
    kind: 'email', example: 'dpd@example.org',
    defaultNote: { fr: 'l’adresse de contact', en: 'the contact address' },
    fr: 'Adresse du délégué à la protection des données, pour la page Données personnelles', en: 'Address of the data protection officer, for the Personal data page',
  },
} as const satisfies Record<string, SettingSpec>;

export type WikiKey = keyof typeof WIKI_SETTINGS;
