import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start-worker.js';
import { WorkerRequests } from '../threads/worker-requests.js';
import type { CommitInfo } from '../git/index.js';
import type { StaticSearchText } from '../search/static-index.js';
import type { Backlink } from '../wiki/backlinks.js';
import type { LinkResolution } from '../wiki/links.js';
import type { WikiPath } from '../wiki/path.js';
import type { Revision, WikiFile } from '../wiki/revision.js';
import type { PageFacts } from './page-facts.js';
import type { Output } from './plan.js';
import { RenderThread, type BesideFile, type RenderFailure, type RenderJob, type SentPage, type ThreadReply, type ThreadRequest, type ThreadSetup } from './render-thread.js';

/** A renderer the build talks to: a worker thread, or the main thread itself. */
interface RenderChannel {
  request(request: ThreadRequest): Promise<ThreadReply>;
  close(): Promise<void>;
}

export interface BlobReader {
  read(file: WikiFile): Promise<Buffer>;
}

class InProcessChannel implements RenderChannel {
  private readonly thread: RenderThread;
  constructor(revision: Revision) {
    this.thread = new RenderThread(revision);
  }
  request(request: ThreadRequest): Promise<ThreadReply> {
    return this.thread.handle(request);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function startRenderWorker(): Worker {
  // A larger young generation: rendering allocates many short-lived tokens and strings, and the default
  // one made the threads spend a quarter of their time collecting garbage on 10,000 pages.
  return startWorker(new URL('./render-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
}

class WorkerChannel implements RenderChannel {
  private readonly thread = new WorkerRequests<ThreadRequest, ThreadReply>(startRenderWorker(), 'render thread');

  request(request: ThreadRequest): Promise<ThreadReply> {
    return this.thread.request(request);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** Reads the blobs of `files` through the wiki's one reader (`git cat-file --batch`), in order. */
export async function readPages(source: BlobReader, files: readonly WikiFile[]): Promise<SentPage[]> {
  const buffers = await Promise.all(files.map((f) => source.read(f)));
  return files.map((file, i) => ({ id: file.id, path: file.path, bytes: buffers[i] ?? Buffer.alloc(0) }));
}

// Starting a thread (and, under tsx, compiling the renderer in it) costs about what a few hundred pages do.
const PAGES_PER_THREAD = 200;
const BATCH = 48;

/**
 * The render threads of one build. The main thread reads every blob (one `cat-file --batch`) and sends pages
 * in batches to whichever thread is free, twice: for their facts, then, once every page's facts are known,
 * for their render. Small builds run in the main thread alone; big ones in one worker per core, the main
 * thread only reading, writing files and making the site-wide ones (on two cores, a 10,000-page build took
 * two thirds of the time the main thread and one worker took).
 */
export class RenderPool {
  private readonly workers: RenderChannel[] = [];
  private inProcess: RenderChannel | undefined;
  private tablesSent: Extract<ThreadRequest, { type: 'tables' }> | undefined;

  constructor(
    private readonly setup: ThreadSetup,
    private readonly revision: Revision,
    private readonly threads?: number,
  ) {}

  /** Makes sure there are enough threads for `work` more pages: workers for a big build, else the main thread. */
  async grow(work: number): Promise<void> {
    const wanted = this.threads ?? (work < PAGES_PER_THREAD ? 0 : Math.min(availableParallelism(), Math.ceil(work / PAGES_PER_THREAD)));
    const missing = wanted - this.workers.length;
    if (missing > 0) await Promise.all(Array.from({ length: missing }, () => this.add(new WorkerChannel(), this.workers)));
    if (this.workers.length === 0 && !this.inProcess) this.inProcess = await this.add(new InProcessChannel(this.revision));
  }

  private async add(channel: RenderChannel, into?: RenderChannel[]): Promise<RenderChannel> {
    await channel.request({ type: 'setup', setup: this.setup });
    // A thread started for the render (few pages parsed, many to render) needs the tables the others got.
    if (this.tablesSent) await channel.request(this.tablesSent);
    into?.push(channel);
    return channel;
  }

  /** Threads that take new work: the workers when there are any. */
  private get takers(): RenderChannel[] {
    return this.workers.length > 0 || !this.inProcess ? this.workers : [this.inProcess];
  }

  /** Every thread that holds tables. */
  private get channels(): RenderChannel[] {
    return this.inProcess ? [this.inProcess, ...this.workers] : this.workers;
  }

  /**
   * Parses `files` across the threads; adds their facts to `facts` and their words to `texts`. A page with
   * a place in `sourceDisks` has its source written there by the thread that parses it.
   */
  async parse(files: readonly WikiFile[], source: BlobReader, facts: Map<string, PageFacts>, texts: Map<string, StaticSearchText>, sourceDisks: ReadonlyMap<WikiPath, string>, onProgress: (done: number, total: number) => void): Promise<void> {
    let done = 0;
    await this.inBatches(files, (batch) => batch, source, async (channel, batch, pages) => {
      for (const page of pages) {
        const disk = sourceDisks.get(page.path);
        if (disk !== undefined) page.sourceDisk = disk;
      }
      const reply = await channel.request({ type: 'parse', pages });
      if (reply.type !== 'facts') throw new Error('render thread: unexpected answer');
      for (const [id, fact] of reply.facts) facts.set(id, fact);
      for (const [id, text] of reply.texts) texts.set(id, text);
      done += batch.length;
      onProgress(done, files.length);
    });
  }

  /**
   * Hands `items` out in batches to whichever thread is free, the pages of the next batch read from git
   * while the thread works on the current one.
   */
  private async inBatches<T>(items: readonly T[], filesOf: (batch: T[]) => WikiFile[], source: BlobReader, work: (channel: RenderChannel, batch: T[], pages: SentPage[]) => Promise<void>, signal?: AbortSignal): Promise<void> {
    let next = 0;
    const take = () => {
      const batch = signal?.aborted ? [] : items.slice(next, next + BATCH);
      next += batch.length;
      return batch;
    };
    const read = (batch: T[]) => readPages(source, filesOf(batch));
    await Promise.all(
      this.takers.map(async (channel) => {
        let batch = take();
        let reading = read(batch);
        while (batch.length > 0) {
          const pages = await reading;
          const current = batch;
          batch = take();
          reading = read(batch);
          await work(channel, current, pages);
        }
      }),
    );
  }

  async tables(facts: [string, PageFacts][], changes: [WikiPath, CommitInfo][]): Promise<void> {
    this.tablesSent = { type: 'tables', facts, changes };
    const request = this.tablesSent;
    await Promise.all(this.channels.map((c) => c.request(request)));
  }

  /** Renders pages and listings into the staging folder. */
  async render(
    outputs: readonly Output[],
    resolutions: ReadonlyMap<WikiPath, ReadonlyMap<string, LinkResolution>>,
    backlinks: ReadonlyMap<WikiPath, readonly Backlink[]>,
    beside: ReadonlyMap<WikiPath, BesideFile[]>,
    source: BlobReader,
    onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<RenderFailure[]> {
    let done = 0;
    const failed: RenderFailure[] = [];
    await this.inBatches(outputs, (batch) => batch.flatMap((o) => (o.kind === 'page' ? [o.file] : [])), source, async (channel, batch, pages) => {
      const bytes = new Map(pages.map((p) => [p.id, p.bytes]));
      const jobs: RenderJob[] = [];
      for (const output of batch) {
        if (output.kind === 'page') {
          const { path, id } = output.file;
          jobs.push({ kind: 'page', path, disk: output.disk, bytes: bytes.get(id) ?? new Uint8Array(), links: [...(resolutions.get(path) ?? [])], backlinks: [...(backlinks.get(path) ?? [])], beside: beside.get(path) ?? [] });
        } else if (output.kind === 'folder') jobs.push({ kind: 'folder', folder: output.folder, disk: output.disk });
      }
      const reply = await channel.request({ type: 'render', jobs });
      if (reply.type === 'rendered') failed.push(...reply.failed);
      done += batch.length;
      onProgress(done, outputs.length);
    }, signal);
    return failed;
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.close()));
    this.workers.length = 0;
    this.inProcess = undefined;
  }
}
