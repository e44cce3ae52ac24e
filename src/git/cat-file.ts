import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnv } from './run.js';
import { gitErrors } from './errors.js';

/**
 * Blobs above this size are read by a `git cat-file blob` of their own: in the shared batch process a large
 * body holds up every small read queued behind it, and reads of several large files would run one at a time.
 */
export const LARGE_BLOB_BYTES = 1024 * 1024;

/**
 * Whom a read is for: a reader waiting for a page ('now', the default), or work a server does on its own
 * (the first search index, the map of links), which must not queue ahead of readers.
 */
export type ReadPriority = 'now' | 'background';

const OBJECT_ID = /^[0-9a-f]{40,64}$/;

interface Pending {
  id: string;
  resolve: (data: Buffer) => void;
  reject: (error: Error) => void;
}

/** The body being received: its bytes and the trailing newline git sends after them. */
interface Body {
  data: Buffer;
  filled: number;
}

/**
 * One long-lived `git cat-file --batch` process: reads blobs without a process per read.
 * Requests are answered in order, so a FIFO of pending reads is matched against the output stream. Each
 * body is copied once into a buffer of the size its header announces: time and memory are linear in it.
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  /** Header bytes received before their newline (a header may be cut between two chunks). */
  private header: Buffer[] = [];
  private body: Body | undefined;

  constructor(private readonly gitDir: string) {}

  read(id: string): Promise<Buffer> {
    if (!OBJECT_ID.test(id)) return Promise.reject(gitErrors.invalidRevision(id));
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      child.stdin.write(`${id}\n`);
    });
  }

  /**
   * Stops the process and resolves once it has exited and been reaped: a command that exits right
   * after would otherwise leave it to PID 1, which in a container often reaps nothing (a zombie).
   */
  close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.end();
    child.kill();
    return exited;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], { env: gitEnv() });
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      const failed = this.queue.splice(0);
      for (const pending of failed) pending.reject(gitErrors.notFound(pending.id));
      this.header = [];
      this.body = undefined;
    });
    child.stdin.on('error', () => undefined);
    this.child = child;
    return child;
  }

  private receive(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.body) {
        const body = this.body;
        const taken = Math.min(body.data.length - body.filled, chunk.length - at);
        chunk.copy(body.data, body.filled, at, at + taken);
        body.filled += taken;
        at += taken;
        if (body.filled === body.data.length) {
          this.body = undefined;
          this.queue.shift()?.resolve(body.data.subarray(0, body.data.length - 1));
        }
        continue;
      }
      const eol = chunk.indexOf(10, at);
      if (eol < 0) {
        this.header.push(chunk.subarray(at));
        return;
      }
      this.header.push(chunk.subarray(at, eol));
      at = eol + 1;
      const header = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      this.startBody(header);
    }
  }

  private startBody(header: string): void {
    const pending = this.queue[0];
    if (!pending) return;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      this.queue.shift();
      pending.reject(gitErrors.notFound(pending.id));
      return;
    }
    const size = Number(header.split(' ')[2]);
    this.body = { data: Buffer.allocUnsafe(size + 1), filled: 0 };
  }
}

function blobProcess(gitDir: string, id: string): { out: Readable; exited: Promise<number | null> } {
  if (!OBJECT_ID.test(id)) throw gitErrors.invalidRevision(id);
  const child = spawn('git', ['--git-dir', gitDir, 'cat-file', 'blob', id], { env: gitEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
  const out = child.stdout;
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  out.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return { out, exited };
}

/**
 * A blob's bytes as a stream from a `git cat-file blob` of its own, for large files sent as they are read
 * (a caller that found the blob in a tree: one that has gone since gives an empty stream). Destroying the
 * stream stops git.
 */
export function blobStream(gitDir: string, id: string): Readable {
  return blobProcess(gitDir, id).out;
}

/** A large blob read whole by a process of its own: its chunks are joined once, at the end. */
export async function readLargeBlob(gitDir: string, id: string): Promise<Buffer> {
  const { out, exited } = blobProcess(gitDir, id);
  const chunks: Buffer[] = [];
  for await (const chunk of out) chunks.push(chunk as Buffer);
  if ((await exited) !== 0) throw gitErrors.notFound(id);
  return Buffer.concat(chunks);
}
