import { UserError, type Bilingual } from '../user-error.js';

/**
 * A setting that cannot be used, and where it was written: a line of a settings file, an environment
 * variable (`FEUILLET_PORT`) or a command-line flag (`--port`).
 */
export interface ConfigProblem extends Bilingual {
  /** The settings file, or the environment variable or flag the value came from. */
  file: string;
  /** 1-based line in the file; absent for environment variables and flags. */
  line?: number;
  /** What is wrong, in French then English: `… / …`. */
  message: string;
}

export function configProblem(file: string, line: number | undefined, fr: string, en: string): ConfigProblem {
  const said = { fr, en, message: `${fr} / ${en}` };
  return line === undefined ? { file, ...said } : { file, line, ...said };
}

/** `FILE:LINE: message`, as compilers and `feuillet check` print problems. */
export function formatProblem(problem: ConfigProblem, text: string = problem.message): string {
  return problem.line === undefined ? `${problem.file}: ${text}` : `${problem.file}:${problem.line}: ${text}`;
}

/**
 * Deployment settings Feuillet refuses to start with. Its message lists every problem, one per line, the
 * first of which also gives `file` and `line` (what the CLI prints without a stack trace).
 */
export class ConfigError extends UserError {
  readonly file: string;
  readonly line: number | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly [ConfigProblem, ...ConfigProblem[]]) {
    super(problems.map((p) => formatProblem(p, p.fr)).join('\n'), problems.map((p) => formatProblem(p, p.en)).join('\n'));
    // As compilers print them, both languages on each line (what the command line shows).
    this.message = problems.map((p) => formatProblem(p)).join('\n');
    this.problems = problems;
    this.file = problems[0].file;
    this.line = problems[0].line;
  }
}

/** Throws a ConfigError when there is at least one problem. */
export function throwIfAny(problems: readonly ConfigProblem[]): void {
  const [first, ...rest] = problems;
  if (first) throw new ConfigError([first, ...rest]);
}
