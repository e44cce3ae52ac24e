/**
 * The review desk of one wiki: where received mail becomes proposed changes, and where maintainers read,
 * preview, change the state of and apply them. One per process (the server, a CLI command), all sharing
 * the wiki's data folder and database; everything that must not race goes through a transaction.
 */
import type { Visitor } from '../auth/roles.js';
import { TaskQueues, withBranchLock, type GitRepository } from '../git/index.js';
import type { Relay } from '../mail/outbox.js';
import { groupSeries, type SeriesGroup } from './series.js';
import type { Person } from '../mail/trailers.js';
import type { Db } from '../store/db.js';
import type { Wiki } from '../wiki/wiki.js';
import { parsedMessagesAfter, type StoredForGrouping } from './archive.js';
import { reconcileChanges, type EventVia, type ReconcileReport } from './changes.js';

/** Who acts on a change, and from where. */
export interface Actor {
  readonly role: Visitor;
  /** A name for the change's history and, when applying, the committer's name. */
  readonly name: string;
  /** Compared with the change's sender (the author may withdraw); the committer's address. */
  readonly address: string | undefined;
  readonly via: EventVia;
}

export interface ReviewDeskOptions {
  readonly db: Db;
  readonly repo: GitRepository;
  /** The branch changes are applied to (the one the wiki is read from). */
  readonly branch: string;
  /** The live wiki: its renderer and caches serve the previews. */
  readonly wiki: Wiki;
  /** The wiki's folder in the repository ('' for all of it). */
  readonly root: string;
  /** The `[PATCH …]` word that routes patches to this wiki. */
  readonly prefix: string;
  readonly listAddress: string;
  readonly wikiTitle: string;
  /** Where the server is reached, for links in mail and `Link:` trailers; without it, `mid:` addresses. */
  readonly publicUrl: string | undefined;
  /** Outgoing mail: through the relay, or as files in `outboxDir`. */
  readonly relay: Relay | undefined;
  readonly outboxDir: string;
  /** The sender of Feuillet's own mail (the relay's `from`, else the list). */
  readonly from: Person;
  readonly now?: () => Date;
}

export class ReviewDesk {
  readonly db: Db;
  readonly repo: GitRepository;
  readonly now: () => Date;
  private readonly seen: StoredForGrouping[] = [];
  private lastSeenId = 0;
  /** One regrouping at a time in this process; other processes are kept out by the transaction. */
  private readonly regroupings = new TaskQueues();

  constructor(readonly options: ReviewDeskOptions) {
    this.db = options.db;
    this.repo = options.repo;
    this.now = options.now ?? (() => new Date());
  }

  /** Runs `task` after the desk's earlier regroupings of this process. */
  serialised<T>(task: () => Promise<T>): Promise<T> {
    return this.regroupings.run('regroup', task);
  }

  /**
   * Runs `task` when no other apply to the desk's branch runs, in this process or in another on the same
   * repository (a second instance, a terminal). An apply reads the change's state inside its turn, so an
   * apply clicked on two instances at once lands once and the second is told it is done.
   */
  applyTurn<T>(task: () => Promise<T>): Promise<T> {
    return withBranchLock(this.repo.commonDir, `apply ${this.options.branch}`, task);
  }

  /**
   * Brings the changes in step with every archived message: new messages are read (the ones this
   * process has not seen yet, inside the transaction so that another process's messages are seen too),
   * series regrouped, changes updated.
   */
  async regroup(): Promise<ReconcileReport> {
    return this.serialised(async () => {
      let fresh: StoredForGrouping[] = [];
      const report = await this.db.transaction(async (tx) => {
        fresh = await parsedMessagesAfter(tx, this.lastSeenId);
        const groups = this.groups([...this.seen, ...fresh]);
        return reconcileChanges(tx, groups, this.now().toISOString());
      });
      this.seen.push(...fresh.map(forGrouping));
      this.lastSeenId = fresh.at(-1)?.id ?? this.lastSeenId;
      return report;
    });
  }

  private groups(stored: readonly StoredForGrouping[]): SeriesGroup[] {
    // A refused patch (unsafe paths) is kept as discussion: its series shows it missing.
    const messages = stored.map(({ message, refused }) => (refused ? { ...message, patch: undefined } : message));
    return groupSeries(messages, { prefix: this.options.prefix });
  }

  /** The address of an archived message, for links in pages, mail and trailers. */
  messageUrl(messageId: string): string {
    const base = this.options.publicUrl?.replace(/\/+$/, '');
    return base ? `${base}/-/archive/m/${encodeURIComponent(messageId)}` : `mid:${encodeURIComponent(messageId)}`;
  }

  changeUrl(number: number): string | undefined {
    const base = this.options.publicUrl?.replace(/\/+$/, '');
    return base ? `${base}/-/review/${number}` : undefined;
  }
}

/**
 * What regrouping needs of a message, kept for every message of the archive: a patch's text and diff
 * are not read to group a series (its files' counts are), so they are dropped rather than kept in
 * memory for as long as the process runs (a 20 MB patch held 38 MB). Cover letters and replies keep
 * their text: the cover letter's is shown, and replies are read for trailers.
 */
function forGrouping(stored: StoredForGrouping): StoredForGrouping {
  const { message } = stored;
  if (message.patch === undefined) return stored;
  return { ...stored, message: { ...message, text: '', patch: { ...message.patch, diff: '', diffstat: '' } } };
}
