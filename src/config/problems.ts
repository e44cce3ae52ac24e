/**
 * A setting that cannot be used, and where it was written: a line of a settings file, an environment
 * variable (`FEUILLET_PORT`) or a command-line flag (`--port`).
 */
export interface ConfigProblem {
  /** The settings file, or the environment variable or flag the value came from. */
  file: string;
  /** 1-based line in the file; absent for environment variables and flags. */
  line?: number;
  /** What is wrong, in French then English: `… / …`. */
  message: string;
}

export function configProblem(file: string, line: number | undefined, fr: string, en: string): ConfigProblem {
  return line === undefined ? { file, message: `${fr} / ${en}` } : { file, line, message: `${fr} / ${en}` };
}

/** `FILE:LINE: message`, as compilers and `feuillet check` print problems. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}: ${problem.message}`;
}

/**
 * Deployment settings Feuillet refuses to start with. Its message lists every problem, one per line, the
 * first of which also gives `file` and `line` (what the CLI prints without a stack trace).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly file: string;
  readonly line: number | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly [ConfigProblem, ...ConfigProblem[]]) {
    super(problems.map(formatProblem).join('\n'));
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
