import { buildCommand } from './build.js';
import { applyCommand, changesCommand, importMaildirCommand, importMboxCommand, showCommand, stateCommand } from './changes.js';
import { checkCommand, terminalLang } from './check.js';
import { helpText, parseCommandLine, type CliValues, type CommandLine } from './commands.js';
import { UsageError, userMessage } from './errors.js';
import { initCommand } from './init.js';
import { serveCommand } from './serve.js';
import { userCommand } from './user.js';

export type { CliValues };

type Runnable = Extract<CommandLine, { kind: 'run' }>;
const RUN: Record<Runnable['command'], (positionals: string[], values: CliValues) => Promise<number>> = {
  serve: serveCommand,
  check: checkCommand,
  build: buildCommand,
  init: (positionals) => initCommand(positionals),
  changes: changesCommand,
  show: showCommand,
  apply: applyCommand,
  state: stateCommand,
  'import-mbox': importMboxCommand,
  'import-maildir': importMaildirCommand,
  user: userCommand,
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
        return await RUN[line.command](line.positionals, line.values);
    }
  } catch (error) {
    const message = userMessage(error);
    if (message === undefined || debug) console.error(error);
    else console.error(`feuillet: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
