import { createHash } from 'node:crypto';
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { CommitInfo } from '../git/index.js';
import { buildRevision, type Revision, type SourceEntry, type WikiFile } from './revision.js';
import type { ContentSource } from './source.js';

// `.feuillet` holds Feuillet's own state for a folder without git: never content, never a reason to reload.
const SKIPPED = new Set(['.git', 'node_modules', '.feuillet']);
const SETTLE_MS = 150;

/**
 * A wiki read from files on disk, uncommitted edits included: for authors previewing their pages, and for
 * folders that are not (yet) git repositories. It has no history, so no last change and no editing.
 */
export class WorktreeSource implements ContentSource {
  readonly kind = 'worktree';
  readonly root = '';
  private latest: Revision | undefined;
  private dirty = true;
  /** Whether file notifications arrive; without them every call re-reads the folder. */
  private live = false;

  constructor(readonly dir: string) {}

  get defaultDataDir(): string {
    return join(this.dir, '.feuillet');
  }

  get label(): string {
    return this.dir;
  }

  async current(): Promise<Revision> {
    if (this.latest && this.live && !this.dirty) return this.latest;
    this.dirty = false;
    const entries: SourceEntry[] = [];
    await this.walk(this.dir, entries);
    entries.sort((a, b) => (a.path < b.path ? -1 : 1));
    const stamp = createHash('sha1');
    for (const e of entries) stamp.update(`${e.path}\0${e.id}\0`);
    const id = `worktree-${stamp.digest('hex').slice(0, 16)}`;
    if (this.latest?.id !== id) this.latest = buildRevision(id, entries);
    return this.latest;
  }

  private async walk(folder: string, into: SourceEntry[]): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await this.walk(path, into);
      else if (entry.isFile() || entry.name === '.feuillet.yml') {
        const info = await stat(path);
        // Size, modification time and inode stand for the content: reading every file to hash it would
        // make each request as slow as the whole folder.
        into.push({ path: relative(this.dir, path).split(sep).join('/'), id: `${info.size}-${info.mtimeMs}-${info.ino}`, size: info.size });
      }
    }
  }

  read(file: WikiFile): Promise<Buffer> {
    return readFile(join(this.dir, file.sourcePath));
  }

  stream(file: WikiFile): Readable {
    return createReadStream(join(this.dir, file.sourcePath));
  }

  async settingsText(): Promise<string | undefined> {
    return readFile(join(this.dir, '.feuillet.yml'), 'utf8').catch(() => undefined);
  }

  async lastChange(): Promise<CommitInfo | undefined> {
    return undefined;
  }

  async lastChanges(): Promise<Map<WikiFile, CommitInfo>> {
    return new Map();
  }

  async repositoryFile(): Promise<Buffer | undefined> {
    return undefined;
  }

  repositoryHas(): boolean {
    return false;
  }

  watch(onChange: () => void): () => void {
    let watcher: FSWatcher | undefined;
    let settle: NodeJS.Timeout | undefined;
    try {
      watcher = watch(this.dir, { recursive: true }, (_event, name) => {
        if (name && String(name).split(sep).some((part) => SKIPPED.has(part))) return;
        this.dirty = true;
        // One save is several file events (truncate, write, rename): tell once, when the file is whole.
        clearTimeout(settle);
        settle = setTimeout(onChange, SETTLE_MS);
      });
      this.live = true;
    } catch {
      // Without file notifications, every request re-reads the folder (live stays false).
    }
    return () => {
      this.live = false;
      clearTimeout(settle);
      watcher?.close();
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
