import { helpText, parseCommandLine, type CliValues, type CommandLine } from './commands.js';
import { UsageError, userMessage } from './errors.js';
import { terminalLang } from './terminal-lang.js';
import { hooksDone } from '../git/index.js';


type Runnable = Extract<CommandLine, { kind: 'run' }>;
type Command = (positionals: string[], values: CliValues) => Promise<number>;
// Each command's modules are loaded when it runs: `build` need not load the mail server, nor `serve` the build.
const RUN: Record<Runnable['command'], () => Promise<Command>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  check: async () => (await import('./check.js')).checkCommand,
  build: async () => (await import('./build.js')).buildCommand,
  init: async () => {
    const { initCommand } = await import('./init.js');
    return (positionals) => initCommand(positionals);
  },
  changes: async () => (await import('./changes.js')).changesCommand,
  show: async () => (await import('./changes.js')).showCommand,
  apply: async () => (await import('./changes.js')).applyCommand,
  state: async () => (await import('./changes.js')).stateCommand,
  'import-mbox': async () => (await import('./changes.js')).importMboxCommand,
  'import-maildir': async () => (await import('./changes.js')).importMaildirCommand,
  user: async () => (await import('./user.js')).userCommand,
};

/** Runs one `feuillet` command and returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const line = parseCommandLine(argv, terminalLang());
    switch (line.kind) {
      case 'version':
        console.log('feuillet 0.1.0');
        return 0;
      case 'help':
        console.log(helpText(terminalLang(), line.command));
        return 0;
      case 'run':
        debug = line.values.debug ?? false;
        try {
          return await (await RUN[line.command]())(line.positionals, line.values);
        } finally {
          // A post-receive hook started by an apply or a save finishes before the command exits.
          await hooksDone();
        }
    }
  } catch (error) {
    const message = userMessage(error);
    if (message === undefined || debug) console.error(error);
    else console.error(`feuillet: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
