import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { GitError, GitRepository, removeLeftovers, repairInterruptedMoves } from '../git/index.js';
import { GitSource } from './git-source.js';
import { looksLikeGollum } from './gollum.js';
import type { WikiSettings } from '../config/wiki-settings.js';
import type { Revision } from './revision.js';
import { WikiSettingsReader } from './settings.js';
import type { ContentSource } from './source.js';
import { Wiki } from './wiki.js';
import { WorktreeSource } from './worktree-source.js';
import { UserError } from '../user-error.js';

export interface OpenOptions {
  /** A git repository (working clone or bare); a plain folder is read as a work tree. */
  repo?: string;
  /** Serve the files of this folder, uncommitted edits included. */
  worktree?: string;
  root?: string;
  ref?: string;
  basePath?: string;
  maxPageBytes?: number;
  /** Feuillet's own state (database, index, mail); default: inside the git directory. */
  dataDir?: string;
}

export interface OpenedWiki {
  wiki: Wiki;
  /** The settings of the wiki's newest revision read: they change with a commit to `.feuillet.yml`. */
  readonly settings: WikiSettings;
  /** What is wrong in `.feuillet.yml` at opening (`file:line: message`); the wiki still opens with defaults. */
  settingsProblems: readonly string[];
  source: ContentSource;
  /** Set when a folder that is not a git repository is read as files. */
  withoutGit: boolean;
  /** Feuillet's own state for this wiki: the server and every command on the same repository share it. */
  dataDir: string;
}

/** A problem with what the user asked to open: a folder or branch folder that is not there. */
export class OpenError extends UserError {
  constructor(fr: string, en: string) {
    super(fr, en, 404);
  }
}

function wikiName(dir: string): string {
  return basename(resolve(dir)).replace(/\.git$/, '') || 'wiki';
}

async function openSource(options: OpenOptions): Promise<{ source: ContentSource; dir: string; withoutGit: boolean }> {
  if (options.worktree !== undefined) {
    if (!existsSync(options.worktree) || !statSync(options.worktree).isDirectory()) {
      throw new OpenError(`Dossier introuvable : ${options.worktree}`, `no such folder: ${options.worktree}`);
    }
    return { source: new WorktreeSource(resolve(options.worktree)), dir: options.worktree, withoutGit: false };
  }
  const dir = options.repo ?? '.';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new OpenError(`Dossier introuvable : ${dir}`, `no such folder: ${dir}`);
  let repo: GitRepository;
  try {
    repo = await GitRepository.open(dir);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-a-repository') {
      return { source: new WorktreeSource(resolve(dir)), dir, withoutGit: true };
    }
    throw error;
  }
  // Before anything reads the work tree: a save a crash cut in two is finished first.
  await removeLeftovers();
  for (const repaired of await repairInterruptedMoves(repo)) console.error(`${repaired.fr}\n${repaired.en}`);
  const root = (options.root ?? '').replace(/^\/+|\/+$/g, '');
  const source = new GitSource(repo, options.ref, root);
  try {
    await source.current();
  } catch (error) {
    await source.close();
    if (error instanceof GitError && error.kind === 'not-found') {
      throw new OpenError(`Le dossier ${root} n'existe pas dans cette branche`, `folder ${root} does not exist on this branch`);
    }
    throw error;
  }
  return { source, dir, withoutGit: false };
}

/** Opens a wiki for reading: picks git or files, checks the branch and folder exist, loads the settings. */
export async function openWiki(options: OpenOptions): Promise<OpenedWiki> {
  const { source, dir, withoutGit } = await openSource(options);
  const revision = await source.current();
  const reader = await WikiSettingsReader.open(source, { name: wikiName(dir) }, revision);
  const { problems } = reader.current;
  // The family of the wiki follows the commits like every setting ('auto' looks at the newest revision's
  // files); parses are cached by family and content, so a change of family parses again.
  const detected = new WeakMap<Revision, boolean>();
  const looksGollum = (at: Revision) => {
    let gollum = detected.get(at);
    if (gollum === undefined) detected.set(at, (gollum = looksLikeGollum(at)));
    return gollum;
  };
  const wiki = new Wiki({
    get format() {
      const { format } = reader.current.settings;
      return format === 'gollum' || (format === 'auto' && looksGollum(reader.followed)) ? 'gollum' : 'plain';
    },
    source,
    // The title and the wiki's addresses are those of the newest revision (see WikiSettingsReader).
    get siteTitle() {
      return reader.current.settings.title;
    },
    basePath: options.basePath ?? '',
    get oldUrls() {
      const current = reader.current.settings;
      // Links to the wiki's own public address are links inside the wiki.
      return current.publicUrl ? [...current.oldUrls, current.publicUrl] : current.oldUrls;
    },
    maxPageBytes: options.maxPageBytes ?? 5 * 1024 * 1024,
    settings: reader,
  });
  return {
    wiki,
    get settings() {
      return reader.current.settings;
    },
    settingsProblems: problems,
    source,
    withoutGit,
    dataDir: options.dataDir ?? source.defaultDataDir,
  };
}
