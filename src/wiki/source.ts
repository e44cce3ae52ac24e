import type { Readable } from 'node:stream';
import type { CommitInfo, ReadPriority } from '../git/index.js';
import type { Revision, WikiFile } from './revision.js';

/** Where a wiki's files come from: a git branch (the normal case) or a folder of files being edited. */
export interface ContentSource {
  readonly kind: 'git' | 'worktree';
  /** A human name for messages: the repository or folder. */
  readonly label: string;
  /** The wiki's folder inside its repository ('' when it is the whole repository or not in git). */
  readonly root: string;
  /** Where Feuillet keeps its own state for this wiki unless told otherwise (see data-folder.ts). */
  readonly defaultDataDir: string;
  /** The wiki as it is now; the same object while nothing changed. */
  current(): Promise<Revision>;
  read(file: WikiFile, priority?: ReadPriority): Promise<Buffer>;
  /** A file's bytes as they are read, for sources a server sends from: large files go out without being held whole. */
  stream?(file: WikiFile): Readable;
  /** The wiki settings file (`.feuillet.yml` at the wiki root), if there is one. */
  settingsText(revision: Revision): Promise<string | undefined>;
  lastChange(revision: Revision, file: WikiFile): Promise<CommitInfo | undefined>;
  lastChanges(revision: Revision, files: readonly WikiFile[]): Promise<Map<WikiFile, CommitInfo>>;
  /** Files of the repository outside the wiki root (when the wiki is a sub-folder), by repository path. */
  repositoryFile(revision: Revision, repoPath: string): Promise<Buffer | undefined>;
  repositoryHas(revision: Revision, repoPath: string): boolean;
  /** Calls back when the content may have changed (work tree edits); returns a function that stops it. */
  watch?(onChange: () => void): () => void;
  /** Resolves once what it started (git processes) has stopped. */
  close(): Promise<void>;
}
