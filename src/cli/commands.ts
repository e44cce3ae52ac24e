/**
 * Every command of `feuillet` and the options each accepts, in one table that both the argument parser
 * and the help read: an option the parser takes for a command is an option its help describes.
 */
import { parseArgs } from 'node:util';
import { DEPLOYMENT_SETTINGS, type SettingSpec } from '../config/schema.js';
import { UsageError } from './errors.js';
import type { Bilingual, Lang } from '../user-error.js';

export type { Lang } from '../user-error.js';

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in the help (`--port N`). */
  readonly value?: Bilingual;
  /** What it does; the flags of deployment settings take it from the settings table instead. */
  readonly text?: Bilingual;
}

const WORD = (fr: string, en: string): Bilingual => ({ fr, en });

/** Every option of every command, as `node:util` parseArgs takes them, with what the help says of each. */
export const OPTIONS = {
  root: { type: 'string', value: WORD('DOSSIER', 'DIR') },
  ref: { type: 'string', value: WORD('BRANCHE', 'BRANCH') },
  port: { type: 'string', value: WORD('N', 'N') },
  host: { type: 'string', value: WORD('HÔTE', 'HOST') },
  'public-url': { type: 'string', value: WORD('URL', 'URL') },
  data: { type: 'string', value: WORD('DOSSIER', 'DIR') },
  'smtp-port': { type: 'string', value: WORD('N', 'N') },
  'lmtp-port': { type: 'string', value: WORD('N', 'N') },
  config: { type: 'string', value: WORD('FICHIER', 'FILE'), text: WORD('fichier YAML des réglages de déploiement (aussi FEUILLET_CONFIG)', 'YAML file of deployment settings (also FEUILLET_CONFIG)') },
  worktree: { type: 'string', value: WORD('DOSSIER', 'DIR'), text: WORD('lit les fichiers du dossier, même non commités, et recharge les pages à chaque modification', 'reads the folder’s files, even uncommitted, and reloads pages on each change') },
  strict: { type: 'boolean', text: WORD('statut de sortie 1 s’il y a le moindre problème (pour la CI)', 'exit status 1 when there is any problem (for CI)') },
  out: { type: 'string', value: WORD('DOSSIER', 'DIR'), text: WORD('dossier du site statique (obligatoire)', 'folder of the static site (required)') },
  'base-url': { type: 'string', value: WORD('URL', 'URL'), text: WORD('adresse où le site sera publié (liens, plan du site, flux)', 'address the site will be published at (links, sitemap, feeds)') },
  watch: { type: 'boolean', text: WORD('reconstruit à chaque nouveau commit', 'rebuilds on each new commit') },
  timings: { type: 'boolean', text: WORD('affiche le temps passé à chaque étape', 'prints the time spent in each step') },
  patches: { type: 'string', value: WORD('1,3,5-7', '1,3,5-7'), text: WORD('n’applique que ces correctifs de la série', 'applies only these patches of the series') },
  state: { type: 'string', value: WORD('ÉTAT', 'STATE'), text: WORD('seulement les modifications dans cet état', 'only the changes in this state') },
  author: { type: 'string', value: WORD('QUI', 'WHO'), text: WORD('seulement celles de cet auteur (nom ou adresse)', 'only those of this author (name or address)') },
  prefix: { type: 'string', value: WORD('PRÉFIXE', 'PREFIX'), text: WORD('seulement celles envoyées avec ce préfixe', 'only those sent with this prefix') },
  repo: { type: 'string', value: WORD('DÉPÔT', 'REPO'), text: WORD('le dépôt du wiki (par défaut : le dossier courant)', 'the wiki’s repository (default: the current folder)') },
  role: { type: 'string', value: WORD('RÔLE', 'ROLE'), text: WORD('reader, contributor (par défaut), writer, maintainer ou admin', 'reader, contributor (default), writer, maintainer or admin') },
  name: { type: 'string', value: WORD('NOM', 'NAME'), text: WORD('nom affiché du compte', 'display name of the account') },
  debug: { type: 'boolean', text: WORD('affiche la pile d’appels des erreurs', 'prints the stack trace of errors') },
  help: { type: 'boolean', short: 'h', text: WORD('cette aide', 'this help') },
  version: { type: 'boolean', text: WORD('la version de Feuillet', 'Feuillet’s version') },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

interface CommandSpec {
  readonly usage: Bilingual;
  readonly summary: Bilingual;
  readonly options: readonly OptionName[];
}

/** Every command but `help` takes these. */
const COMMON: readonly OptionName[] = ['debug', 'help'];
/** Which wiki a command reads, and where its state is. */
const WIKI: readonly OptionName[] = ['root', 'ref', 'config', 'data'];
const REVIEW: readonly OptionName[] = [...WIKI, 'worktree'];

export const COMMANDS = {
  serve: {
    usage: WORD('feuillet serve [DÉPÔT] [OPTIONS]', 'feuillet serve [REPO] [OPTIONS]'),
    summary: WORD(
      'sert le wiki du dépôt git (sans DÉPÔT : le manuel fourni) ; un nouveau commit est visible à la requête suivante',
      'serves the wiki of the git repository (without REPO: the bundled manual); a new commit shows on the next request',
    ),
    options: [...WIKI, 'worktree', 'host', 'port', 'public-url', 'smtp-port', 'lmtp-port'],
  },
  check: {
    usage: WORD('feuillet check [DÉPÔT] [OPTIONS]', 'feuillet check [REPO] [OPTIONS]'),
    summary: WORD('liste les problèmes à corriger, un par ligne : chemin:ligne: message', 'lists the problems to fix, one a line: path:line: message'),
    options: [...WIKI, 'worktree', 'strict'],
  },
  init: {
    usage: WORD('feuillet init DOSSIER', 'feuillet init DIR'),
    summary: WORD('fait d’un dossier un dépôt git (premier commit compris)', 'makes a folder a git repository (first commit included)'),
    options: [],
  },
  build: {
    usage: WORD('feuillet build [DÉPÔT] --out DOSSIER [OPTIONS]', 'feuillet build [REPO] --out DIR [OPTIONS]'),
    summary: WORD('écrit le wiki en site statique ; ne refait que ce qui a changé', 'writes the wiki as a static site; redoes only what changed'),
    options: [...WIKI, 'worktree', 'out', 'base-url', 'strict', 'watch', 'timings'],
  },
  changes: {
    usage: WORD('feuillet changes [DÉPÔT] [OPTIONS]', 'feuillet changes [REPO] [OPTIONS]'),
    summary: WORD('les modifications proposées, une par ligne (numéro, état, version, titre, auteur)', 'the proposed changes, one a line (number, state, version, title, author)'),
    options: [...REVIEW, 'state', 'author', 'prefix'],
  },
  show: {
    usage: WORD('feuillet show N [DÉPÔT] [OPTIONS]', 'feuillet show N [REPO] [OPTIONS]'),
    summary: WORD('une modification : lettre de présentation, historique, correctifs', 'one change: cover letter, history, patches'),
    options: REVIEW,
  },
  apply: {
    usage: WORD('feuillet apply N [DÉPÔT] [OPTIONS]', 'feuillet apply N [REPO] [OPTIONS]'),
    summary: WORD('applique la modification N (git am -3, auteur conservé)', 'applies change N (git am -3, author kept)'),
    options: [...REVIEW, 'patches'],
  },
  state: {
    usage: WORD('feuillet state N ÉTAT [DÉPÔT] [OPTIONS]', 'feuillet state N STATE [REPO] [OPTIONS]'),
    summary: WORD('change l’état : proposed, needs-revision, approved, rejected, applied', 'changes the state: proposed, needs-revision, approved, rejected, applied'),
    options: REVIEW,
  },
  'import-mbox': {
    usage: WORD('feuillet import-mbox FICHIER [DÉPÔT] [OPTIONS]', 'feuillet import-mbox FILE [REPO] [OPTIONS]'),
    summary: WORD('importe une archive de liste (mbox) ; deux fois n’ajoute rien', 'imports a list archive (mbox); twice adds nothing'),
    options: REVIEW,
  },
  'import-maildir': {
    usage: WORD('feuillet import-maildir DOSSIER [DÉPÔT] [OPTIONS]', 'feuillet import-maildir DIR [REPO] [OPTIONS]'),
    summary: WORD('importe une archive de liste (Maildir)', 'imports a list archive (Maildir)'),
    options: REVIEW,
  },
  user: {
    usage: WORD(
      'feuillet user add ADRESSE | list | role ADRESSE RÔLE | disable ADRESSE | enable ADRESSE [OPTIONS]',
      'feuillet user add ADDRESS | list | role ADDRESS ROLE | disable ADDRESS | enable ADDRESS [OPTIONS]',
    ),
    summary: WORD(
      'gère les comptes (add affiche le lien pour choisir le mot de passe)',
      'manages accounts (add prints the link to choose the password)',
    ),
    options: ['repo', 'role', 'name', 'config', 'data', 'public-url'],
  },
  help: {
    usage: WORD('feuillet help [COMMANDE]', 'feuillet help [COMMAND]'),
    summary: WORD('l’aide de Feuillet, ou celle d’une commande', 'Feuillet’s help, or a command’s'),
    options: [],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The options a command accepts, its own and the common ones. */
export function optionsOf(command: CommandName): readonly OptionName[] {
  const own: readonly OptionName[] = COMMANDS[command].options;
  return [...own, ...COMMON];
}

export type CliValues = ReturnType<typeof parseAll>['values'];

function parseAll(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export type CommandLine =
  | { kind: 'version' }
  | { kind: 'help'; command?: CommandName }
  | { kind: 'run'; command: Exclude<CommandName, 'help'>; positionals: string[]; values: CliValues };

/**
 * Reads the command line: an unknown option, or one the command does not take, is a usage error that
 * shows the command's help.
 */
export function parseCommandLine(argv: string[], lang: Lang): CommandLine {
  let parsed: ReturnType<typeof parseAll>;
  const named = argv.find((arg) => !arg.startsWith('-'));
  const helpFor = named !== undefined && isCommand(named) ? named : undefined;
  try {
    parsed = parseAll(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${helpText(lang, helpFor)}`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) return { kind: 'version' };
  if (command === undefined) return { kind: 'help' };
  if (!isCommand(command)) throw new UsageError(`${say(lang, WORD('Commande inconnue :', 'Unknown command:'))} ${command}\n\n${helpText(lang)}`);
  if (command === 'help') {
    const [about] = rest;
    if (about === undefined) return { kind: 'help' };
    if (!isCommand(about)) throw new UsageError(`${say(lang, WORD('Commande inconnue :', 'Unknown command:'))} ${about}\n\n${helpText(lang)}`);
    return { kind: 'help', command: about };
  }
  if (values.help) return { kind: 'help', command };
  const accepted = new Set(optionsOf(command));
  const refused = Object.keys(values).filter((option) => !accepted.has(option as OptionName));
  if (refused.length > 0) {
    const list = refused.map((option) => `--${option}`).join(', ');
    throw new UsageError(`${say(lang, WORD(`Option que feuillet ${command} ne prend pas :`, `Option feuillet ${command} does not take:`))} ${list}\n\n${helpText(lang, command)}`);
  }
  return { kind: 'run', command, positionals: rest, values };
}

const say = (lang: Lang, text: Bilingual) => text[lang];

/** What an option does: its own text, or the description of the deployment setting it sets. */
function optionText(name: OptionName, lang: Lang): string {
  const spec: OptionSpec = OPTIONS[name];
  if (spec.text) return spec.text[lang];
  const setting = Object.entries(DEPLOYMENT_SETTINGS).find(([, s]) => (s as SettingSpec).flag === name);
  if (!setting) throw new Error(`option --${name} has no description`);
  const [key, described] = setting as [string, SettingSpec];
  return `${described[lang]} (${key})`;
}

function optionLine(name: OptionName, lang: Lang): string {
  const spec: OptionSpec = OPTIONS[name];
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value[lang]}` : ''}`;
  const text = optionText(name, lang);
  return `  ${flag.padEnd(26)} ${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The general help (every command, one line each), or one command's with all its options. */
export function helpText(lang: Lang, command?: CommandName): string {
  if (command === undefined) {
    const lines = [
      say(lang, WORD('feuillet — un wiki en Markdown dans git', 'feuillet — a Markdown wiki in git')),
      '',
      say(lang, WORD('Commandes :', 'Commands:')),
      ...(Object.keys(COMMANDS) as CommandName[]).flatMap((name) => [`  ${COMMANDS[name].usage[lang]}`, `      ${COMMANDS[name].summary[lang]}`]),
      '',
      say(lang, WORD('Les options de chaque commande : feuillet help COMMANDE, ou feuillet COMMANDE --help.', 'Each command’s options: feuillet help COMMAND, or feuillet COMMAND --help.')),
      say(lang, WORD('Partout : --debug, --help, --version.', 'Everywhere: --debug, --help, --version.')),
    ];
    return lines.join('\n');
  }
  const spec = COMMANDS[command];
  const options = command === 'help' ? [] : optionsOf(command);
  return [
    `${say(lang, WORD('Usage :', 'Usage:'))} ${spec.usage[lang]}`,
    '',
    spec.summary[lang],
    ...(options.length > 0 ? ['', say(lang, WORD('Options :', 'Options:')), ...options.map((name) => optionLine(name, lang))] : []),
  ].join('\n');
}
