/**
 * One long-lived git process that answers each request written on its input with lines on its output,
 * in order (`git mktree -z --batch`, `git hash-object --stdin-paths`, `git update-ref --stdin`): a save
 * then costs a write and a read on a pipe instead of starting a process, which blocks Node while it forks
 * and on a busy machine is most of a commit's cost. The process starts on the first request, is started
 * again after it dies (a request it refused ends it), and ends after a moment without requests; while it
 * waits for nothing it does not keep Node running.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { storageFailure } from '../store/storage-failure.js';
import { GitError } from './errors.js';
import { removeHalfWrittenObjects } from './leftovers.js';
import { gitEnv } from './run.js';

interface Pending {
  readonly lines: number;
  readonly answer: string[];
  readonly resolve: (lines: string[]) => void;
  readonly reject: (error: Error) => void;
}

/** One process and the requests written to it: a process that ends fails its own requests only. */
interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly queue: Pending[];
  output: string;
  errors: string;
  idle?: NodeJS.Timeout;
}

const IDLE_MS = 2_000;

export class GitLinePipe {
  private current: Running | undefined;

  constructor(
    private readonly args: readonly string[],
    private readonly cwd: string,
  ) {}

  /** Whether a process is up (an idle pipe ends its process; the next request starts another). */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Writes `input` (one whole request) and resolves with the `lines` lines git answers, without their line ends. */
  request(input: Buffer, lines = 1): Promise<string[]> {
    const running = this.current ?? this.start();
    clearTimeout(running.idle);
    hold(running.child, true);
    return new Promise((resolve, reject) => {
      running.queue.push({ lines, answer: [], resolve, reject });
      running.child.stdin.write(input);
    });
  }

  close(): void {
    const running = this.current;
    this.current = undefined;
    if (running) {
      clearTimeout(running.idle);
      running.child.stdin.end();
    }
  }

  private start(): Running {
    const child = spawn('git', [...this.args], { cwd: this.cwd, env: gitEnv() });
    const running: Running = { child, queue: [], output: '', errors: '' };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      running.output += chunk;
      this.drain(running);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      running.errors = (running.errors + chunk).slice(-2000);
    });
    child.on('error', (error) => this.end(running, error.message));
    child.on('close', (code) => this.end(running, running.errors.trim() || `exit ${code ?? 'signal'}`));
    child.stdin.on('error', () => undefined);
    this.current = running;
    return running;
  }

  private drain(running: Running): void {
    for (let eol = running.output.indexOf('\n'); eol >= 0; eol = running.output.indexOf('\n')) {
      const pending = running.queue[0];
      if (!pending) break;
      pending.answer.push(running.output.slice(0, eol));
      running.output = running.output.slice(eol + 1);
      if (pending.answer.length < pending.lines) continue;
      running.queue.shift();
      pending.resolve(pending.answer);
    }
    if (running.queue.length === 0) this.rest(running);
  }

  /** The process ended (or refused a request): what was written to it fails with git's message; the next request starts another. */
  private end(running: Running, message: string): void {
    if (this.current === running) this.current = undefined;
    clearTimeout(running.idle);
    if (storageFailure(message) === 'full') removeHalfWrittenObjects(this.cwd);
    for (const pending of running.queue.splice(0)) pending.reject(new GitError('failed', `git ${this.args.join(' ')}: ${message}`));
  }

  /** Nothing waits: Node may exit meanwhile, and the process ends if nothing comes for a while. */
  private rest(running: Running): void {
    hold(running.child, false);
    clearTimeout(running.idle);
    running.idle = setTimeout(() => {
      if (this.current === running && running.queue.length === 0) this.close();
    }, IDLE_MS);
    running.idle.unref();
  }
}

/** A process waited on keeps Node running; an idle one does not (its input closes when Node exits, so it ends too). */
function hold(child: ChildProcessWithoutNullStreams, held: boolean): void {
  const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as (Pick<Socket, 'ref' | 'unref'> | undefined)[];
  for (const handle of handles) {
    if (held) handle?.ref?.();
    else handle?.unref?.();
  }
}
