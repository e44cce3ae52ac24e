import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GROUPS = 16;
const FLUSH_CHARS = 1 << 18;

/**
 * The postings of the pages a static index build reads, set aside on disk in groups of shards, so that
 * the index is made one group at a time: held in memory for the whole wiki, they made the build's memory
 * grow with it (some 40 MB for every 10,000 pages, as maps and arrays several times that). Lines are
 * `term TAB doc TAB score`, in the order they were added.
 */
export class PostingSpill {
  private readonly folder = mkdtempSync(join(tmpdir(), 'feuillet-postings-'));
  private readonly pending: string[][] = Array.from({ length: GROUPS }, () => []);
  private readonly pendingChars: number[] = new Array<number>(GROUPS).fill(0);
  private readonly files: (number | undefined)[] = new Array<number | undefined>(GROUPS).fill(undefined);

  /** Which group a shard key falls in: every posting of a shard is in one group. */
  static groupOf(key: string): number {
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
    return hash % GROUPS;
  }

  static readonly groups = GROUPS;

  add(key: string, term: string, doc: number, score: number): void {
    const group = PostingSpill.groupOf(key);
    const line = `${term}\t${doc}\t${score}\n`;
    (this.pending[group] as string[]).push(line);
    this.pendingChars[group] = (this.pendingChars[group] ?? 0) + line.length;
    if ((this.pendingChars[group] ?? 0) > FLUSH_CHARS) this.flush(group);
  }

  private flush(group: number): void {
    const lines = this.pending[group] as string[];
    if (lines.length === 0) return;
    let fd = this.files[group];
    if (fd === undefined) this.files[group] = fd = openSync(join(this.folder, String(group)), 'w');
    writeSync(fd, lines.join(''));
    this.pending[group] = [];
    this.pendingChars[group] = 0;
  }

  /** Each posting of a group, in the order added. */
  *postings(group: number): Generator<[term: string, doc: number, score: number]> {
    this.flush(group);
    const fd = this.files[group];
    if (fd === undefined) return;
    const text = readFileSync(join(this.folder, String(group)), 'utf8');
    let start = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const tab = text.indexOf('\t', start);
      const tab2 = text.indexOf('\t', tab + 1);
      yield [text.slice(start, tab), Number(text.slice(tab + 1, tab2)), Number(text.slice(tab2 + 1, end))];
      start = end + 1;
    }
  }

  close(): void {
    for (const fd of this.files) if (fd !== undefined) closeSync(fd);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
