import { startWorker } from '../threads/start-worker.js';
import { WorkerRequests } from '../threads/worker-requests.js';
import type { IndexedPage, IndexWriting } from './index-writing.js';

/** What the writer thread is asked, in order: one update of the index file. */
export type WriterRequest =
  | { type: 'begin'; file: string; fresh: boolean; remove: readonly string[] }
  | { type: 'add'; pages: readonly IndexedPage[] }
  | { type: 'commit'; revision: string }
  | { type: 'rollback' };

/** Batches sent and not yet written, at most: the reading keeps this far ahead of the writing. */
const IN_FLIGHT = 12;

/**
 * An update of the index written by a worker thread through a connection of its own. On a first index
 * of a large wiki, reading the pages into text and writing them take about as long: the main thread does
 * the first while the thread does the second (WAL lets the main thread's connection read meanwhile).
 */
export class IndexWriterThread implements IndexWriting {
  private readonly thread = new WorkerRequests<WriterRequest, null>(startWorker(new URL('./index-writer-worker.js', import.meta.url)), 'search index writer');
  private readonly sent: Promise<null>[] = [];

  /** `fresh`: `file` is to be made, a new index (see `writerConnection`). */
  constructor(file: string, fresh: boolean, remove: readonly string[]) {
    this.send({ type: 'begin', file, fresh, remove });
  }

  async add(pages: readonly IndexedPage[]): Promise<void> {
    this.send({ type: 'add', pages });
    while (this.sent.length > IN_FLIGHT) await this.sent.shift();
  }

  async commit(revision: string): Promise<void> {
    this.send({ type: 'commit', revision });
    try {
      await Promise.all(this.sent.splice(0));
    } finally {
      await this.thread.close();
    }
  }

  async rollback(): Promise<void> {
    this.sent.splice(0);
    // The thread's connection would drop the transaction when closed; saying so is tidier.
    await this.thread.request({ type: 'rollback' }).catch(() => null);
    await this.thread.close();
  }

  private send(request: WriterRequest): void {
    const answer = this.thread.request(request);
    // Awaited in its turn; until then a failure must not count as unhandled.
    answer.catch(() => undefined);
    this.sent.push(answer);
  }
}
