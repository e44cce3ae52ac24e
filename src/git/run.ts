import { execFile } from 'node:child_process';
import { storageFailure } from '../store/storage-failure.js';
import { GitError } from './errors.js';
import { removeHalfWrittenObjects } from './leftovers.js';

/** Environment for every git call: no pager, no prompts, stable output whatever the user's locale. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' };
  // A caller running inside a git hook would otherwise point every command at the hook's repository;
  // what the caller gives on purpose (a temporary index for commitFiles) is set after.
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return { ...env, ...extra };
}

export interface RunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 for "no match"). */
  okCodes?: number[];
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git to completion and returns its output; throws GitError('failed') on an unexpected exit code. */
export function runGit(args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: options.cwd, env: gitEnv(options.env), encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const result = { stdout, stderr: stderr.toString('utf8'), code };
        if (code !== 0 && storageFailure(result.stderr) === 'full') removeHalfWrittenObjects(options.cwd);
        if (code === 0 || options.okCodes?.includes(code)) resolve(result);
        else reject(new GitError('failed', `git ${args[0] ?? ''}: ${result.stderr.trim() || `exit ${code}`}`));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
