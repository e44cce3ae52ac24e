import { parentPort, type Worker } from 'node:worker_threads';

interface Answer<Reply> {
  seq: number;
  reply?: Reply;
  error?: string;
  /** The error's code (`SQLITE_CORRUPT`, `ENOENT`…), which callers decide by. */
  code?: string;
}

/** An error of the thread, with its code when it had one. */
class ThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Requests to a worker thread, each answered by a reply or an error, matched by number. A thread that
 * fails or stops fails every request still waiting.
 */
export class WorkerRequests<Request, Reply> {
  private seq = 0;
  private readonly pending = new Map<number, { resolve(reply: Reply): void; reject(error: Error): void }>();

  constructor(
    private readonly worker: Worker,
    /** Names the thread in errors. */
    private readonly name: string,
  ) {
    worker.on('message', (message: Answer<Reply>) => {
      const waiting = this.pending.get(message.seq);
      this.pending.delete(message.seq);
      if (message.error === undefined && 'reply' in message) waiting?.resolve(message.reply as Reply);
      else waiting?.reject(new ThreadError(`${name}: ${message.error ?? 'no answer'}`, message.code));
    });
    const failAll = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`${name} stopped (exit ${code})`)));
  }

  request(request: Request): Promise<Reply> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, request });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** In a worker thread: answers each request of its parent with what `handle` returns, or the error it throws. */
export function answerRequests<Request, Reply>(handle: (request: Request) => Reply | Promise<Reply>): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (message: { seq: number; request: Request }) => {
    const answer = (fields: Omit<Answer<Reply>, 'seq'>) => port.postMessage({ seq: message.seq, ...fields });
    Promise.resolve()
      .then(() => handle(message.request))
      .then(
        (reply) => answer({ reply }),
        (error: unknown) => {
          const code = (error as { code?: unknown } | undefined)?.code;
          answer({ error: error instanceof Error ? (error.stack ?? error.message) : String(error), ...(typeof code === 'string' ? { code } : {}) });
        },
      );
  });
}
