import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnv } from './run.js';
import { gitErrors } from './errors.js';

interface Pending {
  id: string;
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` process: reads blobs without a process per read.
 * Requests are answered in order, so a FIFO of pending reads is matched against the output stream.
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly gitDir: string) {}

  read(id: string): Promise<Buffer> {
    if (!/^[0-9a-f]{40,64}$/.test(id)) return Promise.reject(gitErrors.invalidRevision(id));
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      child.stdin.write(`${id}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child?.kill();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], { env: gitEnv() });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      const failed = this.queue.splice(0);
      for (const pending of failed) pending.reject(gitErrors.notFound(pending.id));
      this.buffer = Buffer.alloc(0);
    });
    child.stdin.on('error', () => undefined);
    this.child = child;
    return child;
  }

  private drain(): void {
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      const eol = this.buffer.indexOf(10);
      if (eol < 0) return;
      const header = this.buffer.subarray(0, eol).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(eol + 1);
        this.queue.shift();
        pending.reject(gitErrors.notFound(pending.id));
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (this.buffer.length < eol + 1 + size + 1) return;
      const data = Buffer.from(this.buffer.subarray(eol + 1, eol + 1 + size));
      this.buffer = this.buffer.subarray(eol + 1 + size + 1);
      this.queue.shift();
      pending.resolve(data);
    }
  }
}
