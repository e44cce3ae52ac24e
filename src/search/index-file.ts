import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { SearchQuery } from './query.js';

/** A page as the index stores it. */
export interface IndexedPage {
  path: string;
  /** Its folder ('' at the root), for the folder filter. */
  folder: string;
  /** The content id the text was read from: a page is read again only when it changes. */
  blob: string;
  title: string;
  headings: string;
  body: string;
}

/** Where a match starts and ends inside a returned text (characters FTS5 puts around matches). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export interface IndexHit {
  path: string;
  /** The title and a snippet of the body, matches wrapped in MATCH_START … MATCH_END. */
  title: string;
  snippet: string;
}

export interface HitOptions {
  /** Only pages in this folder or below it ('' for all). */
  folder: string;
  limit: number;
  offset: number;
}

/** Bump when the schema or what is stored changes: an index of another version is rebuilt from git. */
const SCHEMA_VERSION = '2';
// Title and headings weigh more than body text; path and folder are stored, not searched; scope only filters.
const RANK = 'bm25(10.0, 4.0, 1.0, 0.0, 0.0, 0.0)';
const SNIPPET_TOKENS = 24;
/** Above this many matching pages, only title and heading matches are ranked (see `hits`). */
const RANK_ALL_LIMIT = 1_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, blob TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS page_text USING fts5(
  title, headings, body, path UNINDEXED, folder UNINDEXED, scope,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
`;

/** SQLite's ways of saying that a file is not a sound database. */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CANTOPEN']);

export function isIndexDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && DAMAGE_CODES.has(code);
}

/**
 * The folder filter is a term of the index: a page's `scope` column holds one token per folder it is in
 * (its folder and each folder above), so FTS5 intersects the folder's short list of pages with the query's
 * matches before ranking. A filter on the `folder` column in SQL would rank every match of the whole wiki
 * first (hundreds of milliseconds for a common word in a 10,000-page wiki).
 */
function scopeToken(folder: string): string {
  return `s${createHash('sha1').update(folder).digest('hex').slice(0, 20)}`;
}

function scopeOf(folder: string): string {
  const parts = folder === '' ? [] : folder.split('/');
  return parts.map((_, i) => scopeToken(parts.slice(0, i + 1).join('/'))).join(' ');
}

function removeFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * The full-text index of a wiki's pages: one SQLite file with an FTS5 table. It holds nothing that git
 * does not: a file that is missing, damaged or of another version is replaced by an empty one, which the
 * caller fills again from the repository.
 */
export class SearchIndexFile {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(
    private readonly db: BetterSqlite3.Database,
    /** The file, or ':memory:' when the data folder cannot be written. */
    readonly file: string,
  ) {}

  static open(file: string): SearchIndexFile {
    if (file !== ':memory:') {
      try {
        return new SearchIndexFile(SearchIndexFile.connect(file), file);
      } catch (error) {
        if (!isIndexDamage(error) && !(error instanceof StaleIndex)) {
          // The data folder cannot be written (read-only repository): search still works, from memory.
          if ((error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EROFS') {
            return SearchIndexFile.open(':memory:');
          }
          throw error;
        }
      }
      removeFiles(file);
    }
    return new SearchIndexFile(SearchIndexFile.connect(file), file);
  }

  private static connect(file: string): BetterSqlite3.Database {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const db = new BetterSqlite3(file, { timeout: 2000 });
    try {
      db.pragma('journal_mode = WAL');
      // The index can be rebuilt from git: losing the last transaction on a power cut costs one re-index.
      db.pragma('synchronous = NORMAL');
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
      if (hasMeta) {
        const version = db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get();
        if (version !== SCHEMA_VERSION) throw new StaleIndex();
      } else {
        db.exec(SCHEMA);
        db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
        // Terms are written to disk when this much text is pending: fewer, larger segments index faster.
        db.exec(`INSERT INTO page_text (page_text, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
      }
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Whether the file this index was opened from is still there (someone may have deleted it). */
  isPresent(): boolean {
    return this.file === ':memory:' || existsSync(this.file);
  }

  /** The revision the index was last brought up to, if any. */
  revision(): string | undefined {
    const value: unknown = this.db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get();
    return typeof value === 'string' ? value : undefined;
  }

  /** Content id of every indexed page, by path. */
  blobs(): Map<string, string> {
    const rows = this.db.prepare('SELECT path, blob FROM pages').all() as { path: string; blob: string }[];
    return new Map(rows.map((r) => [r.path, r.blob]));
  }

  /**
   * Removes and adds pages and records the revision, all in one transaction. Pages come in batches, read
   * while the previous batch is written; the revision is recorded only when the last batch is in, so an
   * update cut short (crash, damaged file) is done again from the start.
   */
  async update(remove: readonly string[], batches: AsyncIterable<readonly IndexedPage[]>, revision: string): Promise<void> {
    const idOf = this.db.prepare('SELECT id FROM pages WHERE path = ?').pluck();
    const deletePage = this.db.prepare('DELETE FROM pages WHERE id = ?');
    const deleteText = this.db.prepare('DELETE FROM page_text WHERE rowid = ?');
    const insertPage = this.db.prepare('INSERT INTO pages (path, blob) VALUES (?, ?)');
    const insertText = this.db.prepare('INSERT INTO page_text (rowid, title, headings, body, path, folder, scope) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const setRevision = this.db.prepare("INSERT INTO meta (key, value) VALUES ('revision', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    const removePath = (path: string) => {
      const id = idOf.get(path);
      if (typeof id !== 'number') return;
      deletePage.run(id);
      deleteText.run(id);
    };
    // No merging of segments while pages pour in (a third of the CPU of a first index); the few large
    // segments left are merged as usual by the next updates, automerge being set back afterwards.
    const automerge = (level: number) => this.db.exec(`INSERT INTO page_text (page_text, rank) VALUES ('automerge', ${level})`);
    automerge(0);
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const path of remove) removePath(path);
      for await (const batch of batches) {
        for (const page of batch) {
          removePath(page.path);
          const id = insertPage.run(page.path, page.blob).lastInsertRowid;
          insertText.run(id, page.title, page.headings, page.body, page.path, page.folder, scopeOf(page.folder));
        }
      }
      setRevision.run(revision);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      automerge(4);
    }
  }

  /**
   * The best pages for a query, best first. Ranking costs about a microsecond for every matching page
   * (bm25 reads each page's positions), so a query matching more than RANK_ALL_LIMIT pages ranks only the
   * pages whose title or headings match, and lists the other matching pages after them in path order.
   */
  hits(query: SearchQuery, options: HitOptions): IndexHit[] {
    // Words are looked for in the text columns only; `scope` holds the folder tokens.
    const within = (match: string) => (options.folder === '' ? match : `(${match}) AND scope : "${scopeToken(options.folder)}"`);
    const inText = within(`{title headings body} : (${query.match})`);
    const page = { limit: options.limit, offset: options.offset };
    const tooMany = this.statement('many').get({ match: inText }) !== undefined;
    if (!tooMany) return this.statement('ranked').all({ match: inText, ...page }) as IndexHit[];
    const inTitles = within(query.matchInTitles);
    const ranked = this.statement('ranked').all({ match: inTitles, ...page }) as IndexHit[];
    if (ranked.length === options.limit) return ranked;
    const rankedCount = ranked.length > 0 ? options.offset + ranked.length : (this.statement('count').pluck().get({ match: inTitles }) as number);
    const rest = this.statement('unranked').all({
      match: `(${inText}) NOT (${inTitles})`,
      limit: options.limit - ranked.length,
      offset: Math.max(0, options.offset - rankedCount),
    }) as IndexHit[];
    return [...ranked, ...rest];
  }

  private statement(kind: 'many' | 'ranked' | 'unranked' | 'count'): BetterSqlite3.Statement {
    let statement = this.statements.get(kind);
    if (statement) return statement;
    const columns = `path,
      highlight(page_text, 0, '${MATCH_START}', '${MATCH_END}') AS title,
      snippet(page_text, 2, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) AS snippet`;
    const sql = {
      many: `SELECT 1 FROM page_text WHERE page_text MATCH @match LIMIT 1 OFFSET ${RANK_ALL_LIMIT}`,
      ranked: `SELECT ${columns} FROM page_text WHERE page_text MATCH @match AND rank MATCH '${RANK}' ORDER BY rank LIMIT @limit OFFSET @offset`,
      unranked: `SELECT ${columns} FROM page_text WHERE page_text MATCH @match ORDER BY rowid LIMIT @limit OFFSET @offset`,
      count: `SELECT count(*) FROM page_text WHERE page_text MATCH @match`,
    }[kind];
    statement = this.db.prepare(sql);
    this.statements.set(kind, statement);
    return statement;
  }

  close(): void {
    this.db.close();
  }
}

/** An index written by another version of Feuillet. */
class StaleIndex extends Error {}
