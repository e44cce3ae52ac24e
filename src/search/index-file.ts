import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { crashPoint } from '../crash-point.js';
import { isRunning } from '../git/index.js';
import { IndexWriterThread } from './index-writer-thread.js';
import type { IndexedPage, IndexWriting } from './index-writing.js';
import { MATCH_END, MATCH_START, QueryWords } from './matched-words.js';
import { matchExpression, type SearchQuery } from './query.js';

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
const SCHEMA_VERSION = '3';
// Title and headings weigh more than body text; path and folder are stored, not searched; scope only filters.
const RANK = 'bm25(10.0, 4.0, 1.0, 0.0, 0.0, 0.0)';
const HEADS_RANK = 'bm25(10.0, 4.0, 0.0)';
const SNIPPET_TOKENS = 24;
/** Above this many matching pages, only title and heading matches are ranked (see `hits`). */
const RANK_ALL_LIMIT = 1_000;
/** Prefixes this long or shorter have their own index (`prefix = '3'` below): FTS5 reads them at once. */
const INDEXED_PREFIX_LENGTH = 3;
/** A longer prefix is searched as the OR of its terms when it has at most this many. */
const MAX_EXPANSION = 40;
/**
 * Ranking reads a prefix as one word (`"gouvern"*`: gouvernance and gouvernement count as the same word,
 * as they match the same stem), which costs FTS5 a merge of the lists of all its terms: done when they hold
 * at most this many pages (about half a millisecond), otherwise each term is ranked on its own.
 */
const MERGE_LIMIT = 5_000;
/** Prefixes whose terms are remembered between two updates of the index. */
const EXPANSION_CACHE = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, blob TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS page_text USING fts5(
  title, headings, body, path UNINDEXED, folder UNINDEXED, scope,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);
-- The titles and headings again, read from page_text (no second copy of the text), in an index of their own
-- whose lists hold only their words: ranking the pages whose titles match a common word reads these lists,
-- not the body's (see hits()).
CREATE VIRTUAL TABLE IF NOT EXISTS page_heads USING fts5(
  title, headings, scope,
  content = 'page_text', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3'
);
`;

function createSchema(db: BetterSqlite3.Database): void {
  db.exec(SCHEMA);
  db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
  // Terms are written to disk when this much text is pending: fewer, larger segments index faster.
  db.exec(`INSERT INTO page_text (page_text, rank) VALUES ('hashsize', ${64 * 1024 * 1024})`);
}

/**
 * The connection of the thread that writes a large update: a second connection to the index file, or a
 * new file (`fresh`) that replaces it once written. A new file has no journal: nothing reads it before it
 * is complete, and its pages are written once instead of twice (journal, then file).
 */
export function writerConnection(file: string, fresh: boolean): BetterSqlite3.Database {
  const db = new BetterSqlite3(file, { timeout: 2000, fileMustExist: !fresh });
  try {
    if (fresh) {
      db.pragma('journal_mode = OFF');
      createSchema(db);
    }
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

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

const scopes = new Map<string, string>();

function scopeOf(folder: string): string {
  let scope = scopes.get(folder);
  if (scope === undefined) {
    const parts = folder === '' ? [] : folder.split('/');
    scope = parts.map((_, i) => scopeToken(parts.slice(0, i + 1).join('/'))).join(' ');
    // Remembered: a wiki has far fewer folders than pages, and each is hashed once.
    if (scopes.size < 10_000) scopes.set(folder, scope);
  }
  return scope;
}

function removeFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * A new index file untouched this long was left by a process that stopped while writing it (one whose
 * process id names a live process may be another machine's, on a shared data folder).
 */
const ABANDONED_AFTER_MS = 15 * 60_000;

/**
 * Removes the new index files of `file` (see `update`) that a stopped process left behind: at once when
 * its process has ended (a first index of a large wiki is hundreds of megabytes), after a while otherwise.
 */
function removeAbandonedFiles(file: string): void {
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.new')) continue;
    const path = join(dirname(file), name);
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    try {
      if ((pid > 0 && !isRunning(pid)) || Date.now() - statSync(path).mtimeMs > ABANDONED_AFTER_MS) removeFiles(path);
    } catch {
      // Gone meanwhile, or not ours to remove: nothing to do.
    }
  }
}

/**
 * The full-text index of a wiki's pages: one SQLite file with an FTS5 table. It holds nothing that git
 * does not: a file that is missing, damaged or of another version is replaced by an empty one, which the
 * caller fills again from the repository.
 */
export class SearchIndexFile {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  /** Terms of the index by prefix, forgotten when the index changes. */
  private readonly expansions = new Map<string, Expansion | undefined>();

  private constructor(
    private db: BetterSqlite3.Database,
    /** The file, or ':memory:' when the data folder cannot be written. */
    readonly file: string,
  ) {}

  static open(file: string): SearchIndexFile {
    if (file !== ':memory:') {
      removeAbandonedFiles(file);
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
        createSchema(db);
      }
      // The index's own list of terms, to expand prefixes (see `expand`); a temporary table, of this connection.
      db.exec("CREATE VIRTUAL TABLE temp.page_terms USING fts5vocab(main, page_text, 'row')");
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
   * update cut short (crash, damaged file) is done again from the start. `inThread` writes in a worker
   * thread of its own connection (a large update: the main thread reads the next pages meanwhile, and
   * a server keeps answering); an index in memory is always written here.
   */
  async update(remove: readonly string[], batches: AsyncIterable<readonly IndexedPage[]>, revision: string, inThread = false): Promise<void> {
    this.expansions.clear();
    const threaded = inThread && this.file !== ':memory:';
    // A first index is written into a new file, which then takes the place of the empty one; named for this
    // process, so that two servers starting on the same data folder each write and move a complete file.
    const fresh = threaded && this.isEmpty() ? `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.new` : undefined;
    const transaction: IndexWriting = threaded ? new IndexWriterThread(fresh ?? this.file, fresh !== undefined, remove) : new IndexTransaction(this.db, remove);
    try {
      for await (const batch of batches) await transaction.add(batch);
      await transaction.commit(revision);
    } catch (error) {
      await transaction.rollback();
      if (fresh) removeFiles(fresh);
      throw error;
    } finally {
      this.expansions.clear();
    }
    if (fresh) this.replaceWith(fresh);
  }

  private isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM pages LIMIT 1').get() === undefined && this.revision() === undefined;
  }

  /** Takes `file`, a complete index, as this index's file. */
  private replaceWith(file: string): void {
    crashPoint('search:first-index-written');
    this.db.close();
    this.statements.clear();
    removeFiles(this.file);
    renameSync(file, this.file);
    this.db = SearchIndexFile.connect(this.file);
  }

  /**
   * The best pages for a query, best first. Ranking costs about a microsecond for every matching page
   * (bm25 reads each page's positions), so a query matching more than RANK_ALL_LIMIT pages ranks only the
   * pages whose title or headings match, in the index of titles and headings, and lists the other matching
   * pages after them in path order.
   */
  hits(query: SearchQuery, options: HitOptions): IndexHit[] {
    const find = matchExpression(query, (prefix) => this.expand(prefix)?.terms);
    if (find === undefined) return [];
    const rank = matchExpression(query, (prefix) => {
      const expansion = this.expand(prefix);
      return expansion && expansion.documents > MERGE_LIMIT ? expansion.terms : undefined;
    });
    // Words are looked for in the text columns only; `scope` holds the folder tokens.
    const within = (match: string) => (options.folder === '' ? match : `(${match}) AND scope : "${scopeToken(options.folder)}"`);
    const inText = within(`{title headings body} : (${find.match})`);
    const page = { limit: options.limit, offset: options.offset };
    const tooMany = this.statement('many').get({ match: inText }) !== undefined;
    if (!tooMany) return this.statement('ranked').all({ match: within(`{title headings body} : (${(rank ?? find).match})`), ...page }) as IndexHit[];
    // The lists of titles and headings are short: their prefixes are merged whatever their number of pages.
    const inHeads = within(`{title headings} : ${(matchExpression(query) ?? find).required}`);
    const ranked = this.rankedByHeads(inHeads, query, page);
    if (ranked.hits.length === options.limit) return ranked.hits;
    const inTitles = within(find.matchInTitles);
    const rest = this.statement('unranked').all({
      match: `(${inText}) NOT (${inTitles})`,
      limit: options.limit - ranked.hits.length,
      offset: Math.max(0, options.offset - ranked.count),
    }) as IndexHit[];
    return [...ranked.hits, ...rest];
  }

  /**
   * The pages whose titles or headings hold every required word, best first, with their marked title and
   * snippet, and how many of them there are when the page of results goes past them. Their text is read
   * by page number and the query's words found in it by `matched-words` (see why there); exclusions are
   * words of the whole page.
   */
  private rankedByHeads(inHeads: string, query: SearchQuery, page: { limit: number; offset: number }): { hits: IndexHit[]; count: number } {
    const candidates = this.statement('heads').pluck().all({ match: inHeads }) as number[];
    const words = new QueryWords(query);
    const excludes = query.none.length > 0;
    const hits: IndexHit[] = [];
    // Without exclusions every candidate is a result: the ones before the page need no reading.
    let accepted = excludes ? 0 : Math.min(page.offset, candidates.length);
    for (const id of excludes ? candidates : candidates.slice(accepted)) {
      const text = this.statement('text').get({ id }) as { path: string; title: string; headings: string; body: string } | undefined;
      if (text === undefined || words.excludes([text.title, text.headings, text.body])) continue;
      if (accepted++ < page.offset) continue;
      hits.push({ path: text.path, title: words.highlighted(text.title), snippet: words.snippet(text.body, SNIPPET_TOKENS) });
      if (hits.length === page.limit) break;
    }
    return { hits, count: excludes ? accepted : candidates.length };
  }

  /**
   * The indexed terms that start with a prefix too long for the prefix index, and how many pages they are
   * in (counted once per term), or undefined when there are too many terms to list (FTS5 then merges them
   * itself). Listing them costs a fraction of a millisecond, a lookup in the cache nothing.
   */
  private expand(prefix: string): Expansion | undefined {
    if ([...prefix].length <= INDEXED_PREFIX_LENGTH) return undefined;
    if (this.expansions.has(prefix)) return this.expansions.get(prefix);
    const last = prefix.codePointAt(prefix.length - 1) ?? 0;
    // Terms are compared as UTF-8 bytes, in code point order: the next code point bounds the range.
    const end = prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1);
    const rows = this.statement('terms').all({ start: prefix, end, limit: MAX_EXPANSION + 1 }) as { term: string; doc: number }[];
    const expansion = rows.length > MAX_EXPANSION ? undefined : { terms: rows.map((r) => r.term), documents: rows.reduce((sum, r) => sum + r.doc, 0) };
    if (this.expansions.size >= EXPANSION_CACHE) this.expansions.clear();
    this.expansions.set(prefix, expansion);
    return expansion;
  }

  private statement(kind: 'many' | 'ranked' | 'unranked' | 'heads' | 'text' | 'terms'): BetterSqlite3.Statement {
    let statement = this.statements.get(kind);
    if (statement) return statement;
    const columns = `path,
      highlight(page_text, 0, '${MATCH_START}', '${MATCH_END}') AS title,
      snippet(page_text, 2, '${MATCH_START}', '${MATCH_END}', '…', ${SNIPPET_TOKENS}) AS snippet`;
    const sql = {
      many: `SELECT 1 FROM page_text WHERE page_text MATCH @match LIMIT 1 OFFSET ${RANK_ALL_LIMIT}`,
      ranked: `SELECT ${columns} FROM page_text WHERE page_text MATCH @match AND rank MATCH '${RANK}' ORDER BY rank LIMIT @limit OFFSET @offset`,
      unranked: `SELECT ${columns} FROM page_text WHERE page_text MATCH @match ORDER BY rowid LIMIT @limit OFFSET @offset`,
      heads: `SELECT rowid FROM page_heads WHERE page_heads MATCH @match AND rank MATCH '${HEADS_RANK}' ORDER BY rank`,
      text: 'SELECT path, title, headings, body FROM page_text WHERE rowid = @id',
      terms: 'SELECT term, doc FROM temp.page_terms WHERE term >= @start AND term < @end LIMIT @limit',
    }[kind];
    statement = this.db.prepare(sql);
    this.statements.set(kind, statement);
    return statement;
  }

  close(): void {
    this.db.close();
  }
}

/** An update written through a connection of this thread, in one transaction. */
export class IndexTransaction implements IndexWriting {
  private readonly idOf;
  private readonly deletePage;
  private readonly deleteText;
  private readonly deleteHeads;
  private readonly insertPage;
  private readonly insertText;
  private readonly insertHeads;

  constructor(
    private readonly db: BetterSqlite3.Database,
    remove: readonly string[],
  ) {
    this.idOf = db.prepare('SELECT id FROM pages WHERE path = ?').pluck();
    this.deletePage = db.prepare('DELETE FROM pages WHERE id = ?');
    this.deleteText = db.prepare('DELETE FROM page_text WHERE rowid = ?');
    // An index of external content is told the old values of what it forgets.
    this.deleteHeads = db.prepare("INSERT INTO page_heads (page_heads, rowid, title, headings, scope) SELECT 'delete', rowid, title, headings, scope FROM page_text WHERE rowid = ?");
    this.insertPage = db.prepare('INSERT INTO pages (path, blob) VALUES (?, ?)');
    this.insertText = db.prepare('INSERT INTO page_text (rowid, title, headings, body, path, folder, scope) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertHeads = db.prepare('INSERT INTO page_heads (rowid, title, headings, scope) VALUES (?, ?, ?, ?)');
    this.automerge(0);
    db.exec('BEGIN IMMEDIATE');
    for (const path of remove) this.remove(path);
  }

  add(pages: readonly IndexedPage[]): void {
    for (const page of pages) {
      this.remove(page.path);
      const id = this.insertPage.run(page.path, page.blob).lastInsertRowid;
      const scope = scopeOf(page.folder);
      this.insertText.run(id, page.title, page.headings, page.body, page.path, page.folder, scope);
      this.insertHeads.run(id, page.title, page.headings, scope);
    }
  }

  commit(revision: string): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('revision', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(revision);
    this.db.exec('COMMIT');
    this.automerge(4);
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.automerge(4);
  }

  private remove(path: string): void {
    const id = this.idOf.get(path);
    if (typeof id !== 'number') return;
    this.deletePage.run(id);
    this.deleteHeads.run(id);
    this.deleteText.run(id);
  }

  /**
   * No merging of segments while pages pour in (a third of the CPU of a first index); the few large
   * segments left are merged as usual by the next updates, automerge being set back afterwards.
   */
  private automerge(level: number): void {
    for (const table of ['page_text', 'page_heads']) this.db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', ${level})`);
  }
}

/** The terms of the index that start with a prefix. */
interface Expansion {
  terms: string[];
  /** Pages that hold each term, summed over the terms. */
  documents: number;
}

/** An index written by another version of Feuillet. */
class StaleIndex extends Error {}
