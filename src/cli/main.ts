import { parseArgs, type ParseArgsConfig } from 'node:util';
import { buildCommand } from './build.js';
import { applyCommand, changesCommand, importMaildirCommand, importMboxCommand, showCommand, stateCommand } from './changes.js';
import { checkCommand } from './check.js';
import { UsageError, userMessage } from './errors.js';
import { initCommand } from './init.js';
import { serveCommand } from './serve.js';
import { USER_HELP, userCommand } from './user.js';

const HELP = `feuillet — un wiki en Markdown dans git / a Markdown wiki in git

Usage:
  feuillet serve [DÉPÔT] [--root DOSSIER] [--ref BRANCHE] [--port N] [--host H]
  feuillet serve --worktree DOSSIER      aperçu des fichiers non commités, rechargement automatique
  feuillet check [DÉPÔT] [--root DOSSIER] [--ref BRANCHE] [--strict]
  feuillet init DOSSIER                  fait d'un dossier un dépôt git (premier commit compris)
  feuillet build [DÉPÔT] --out DOSSIER [--base-url URL] [--root DOSSIER] [--ref BRANCHE] [--strict] [--watch]
                                         le wiki en site statique ; ne refait que ce qui a changé
  feuillet changes [DÉPÔT] [--state ÉTAT] [--author QUI] [--prefix PRÉFIXE]
                                         les modifications proposées, une par ligne (numéro, état, version, titre, auteur)
  feuillet show N [DÉPÔT]                une modification : lettre de présentation, historique, correctifs
  feuillet apply N [DÉPÔT] [--patches 1,3]  applique la modification N (git am -3, auteur conservé)
  feuillet state N ÉTAT [DÉPÔT]          proposed, needs-revision, approved, rejected, applied
  feuillet import-mbox FICHIER [DÉPÔT]   importe une archive de liste (mbox) ; deux fois n'ajoute rien
  feuillet import-maildir DOSSIER [DÉPÔT]  importe une archive de liste (Maildir)
${USER_HELP}

Sans DÉPÔT, serve, check et build lisent le manuel fourni avec Feuillet.
Options communes : --debug (affiche la pile d'appels des erreurs), --help, --version.
`;

const OPTIONS = {
  root: { type: 'string' },
  ref: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  worktree: { type: 'string' },
  strict: { type: 'boolean' },
  config: { type: 'string' },
  'public-url': { type: 'string' },
  data: { type: 'string' },
  'smtp-port': { type: 'string' },
  'lmtp-port': { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  watch: { type: 'boolean' },
  patches: { type: 'string' },
  state: { type: 'string' },
  author: { type: 'string' },
  prefix: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  repo: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
} satisfies ParseArgsConfig['options'];

export type CliValues = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
}

/** Runs one `feuillet` command and returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const { values, positionals } = parse(argv);
    debug = values.debug ?? false;
    const [command, ...rest] = positionals;
    if (values.version) {
      console.log('feuillet 0.1.0');
      return 0;
    }
    if (values.help || command === undefined || command === 'help') {
      console.log(HELP);
      return 0;
    }
    switch (command) {
      case 'serve':
        return await serveCommand(rest, values);
      case 'check':
        return await checkCommand(rest, values);
      case 'build':
        return await buildCommand(rest, values);
      case 'init':
        return await initCommand(rest);
      case 'changes':
        return await changesCommand(rest, values);
      case 'show':
        return await showCommand(rest, values);
      case 'apply':
        return await applyCommand(rest, values);
      case 'state':
        return await stateCommand(rest, values);
      case 'import-mbox':
        return await importMboxCommand(rest, values);
      case 'import-maildir':
        return await importMaildirCommand(rest, values);
      case 'user':
        return await userCommand(rest, values);
      default:
        throw new UsageError(`Commande inconnue / unknown command: ${command}\n\n${HELP}`);
    }
  } catch (error) {
    const message = userMessage(error);
    if (message === undefined || debug) console.error(error);
    else console.error(`feuillet: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
