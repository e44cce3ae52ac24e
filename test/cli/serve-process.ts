/**
 * `feuillet serve` as a real process, run from the sources (no compiled build needed), for tests that
 * need what only the command does: its settings, its review desk, its printed hints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../review/feuillet-cli.ts', import.meta.url));

export interface ServeProcess {
  /** The address it prints, without the final slash. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the output once it matches (the hints printed after the address). */
  waitFor(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
  readonly pid: number;
  /** Resolves with the signal that ended the process (or its exit code) once it has ended. */
  readonly ended: Promise<string | number | null>;
}

/** The command line that runs `feuillet` from the sources with these arguments. */
export function cliArgs(args: readonly string[]): string[] {
  return ['--import', 'tsx', CLI, ...args];
}

/** Starts `feuillet serve ARGS` on loopback (a free port unless ARGS name one) and resolves once it prints its address. */
export function startServe(args: readonly string[], env: Record<string, string> = {}): Promise<ServeProcess> {
  // A fixed port is kept (an instance restarted behind a load balancer comes back where it was).
  const where = ['--host', '127.0.0.1', ...(args.includes('--port') ? [] : ['--port', '0'])];
  const child: ChildProcess = spawn(process.execPath, cliArgs(['serve', ...args, ...where]), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'fr_FR.UTF-8', ...env },
  });
  let output = '';
  const ended = new Promise<string | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const exited = ended.then(() => undefined);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`serve exited ${code}: ${output}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /https?:\/\/\S+/.exec(output)?.[0];
      if (!url) return;
      child.off('exit', onExit);
      resolve({
        url: url.replace(/\/$/, ''),
        output: () => output,
        ended,
        pid: child.pid ?? 0,
        waitFor: (pattern) => waitFor(pattern),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = (pattern: RegExp) =>
      new Promise<string>((found, failed) => {
        const look = () => {
          if (!pattern.test(output)) return false;
          child.stdout?.off('data', look);
          child.stderr?.off('data', look);
          found(output);
          return true;
        };
        if (look()) return;
        child.stdout?.on('data', look);
        child.stderr?.on('data', look);
        void exited.then(() => failed(new Error(`serve ended without printing ${pattern}: ${output}`)));
      });
  });
}
