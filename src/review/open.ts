/**
 * Opening the review desk of a wiki: its repository and branch, its settings (prefix, list address),
 * the deployment's mail settings, and its tables in the shared database.
 */
import { basename, join } from 'node:path';
import type { DeploymentConfig } from '../config/deployment.js';
import { OUTBOX_FOLDER, relayOf, senderOf } from '../mail/outbox.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { GitSource } from '../wiki/git-source.js';
import type { OpenedWiki } from '../wiki/open.js';
import type { Wiki } from '../wiki/wiki.js';
import { WikiSettingsReader } from '../wiki/settings.js';
import { ReviewDesk } from './desk.js';
import { reviewMigrations } from './migrations.js';
import { UserError } from '../user-error.js';

/** The review needs what only git gives (a branch to apply to, history): a plain folder has none. */
export class ReviewUnavailable extends UserError {
  constructor(fr: string, en: string) {
    super(fr, en, 503);
  }
}

export interface OpenReviewOptions {
  readonly db: Db;
  readonly opened: Pick<OpenedWiki, 'source' | 'wiki' | 'settings' | 'dataDir'>;
  /** The deployment's public address and mail settings (`feuillet serve` gives its config). */
  readonly deployment: { readonly server: Pick<DeploymentConfig['server'], 'publicUrl'>; readonly mail: Pick<DeploymentConfig['mail'], 'listAddress' | 'relay'> };
  readonly now?: () => Date;
}

export async function openReviewDesk(options: OpenReviewOptions): Promise<ReviewDesk> {
  const { opened, deployment, db } = options;
  const source = opened.source;
  if (!(source instanceof GitSource)) {
    throw new ReviewUnavailable('Les correctifs demandent un dépôt git (feuillet init).', 'Patches need a git repository (feuillet init).');
  }
  // The database may have been opened by someone who did not know the review's tables.
  await migrate(db, reviewMigrations);
  const branch = await branchOf(source);
  const relay = deployment.mail.relay;
  // The wiki's settings (prefix, list address, title, address) are read when used: they follow the commits.
  const settings = () => opened.settings;
  const listAddress = () => deployment.mail.listAddress ?? settings().listAddress;
  return new ReviewDesk({
    db,
    repo: source.repo,
    branch,
    wiki: opened.wiki,
    root: source.root,
    get prefix() {
      return settings().subjectPrefix;
    },
    get listAddress() {
      return listAddress();
    },
    get wikiTitle() {
      return settings().title;
    },
    get publicUrl() {
      return deployment.server.publicUrl ?? settings().publicUrl;
    },
    relay: relay && relayOf(relay),
    outboxDir: join(opened.dataDir, OUTBOX_FOLDER),
    get from() {
      return relay?.from === undefined ? { name: settings().title, address: listAddress() } : senderOf(relay.from, settings().title);
    },
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The branch the wiki follows: `--ref`, else the one HEAD names. */
async function branchOf(source: GitSource): Promise<string> {
  const ref = source.ref?.replace(/^refs\/heads\//, '') ?? (await source.repo.currentBranch());
  if (ref === undefined) {
    throw new ReviewUnavailable(
      'HEAD ne désigne aucune branche : donnez celle du wiki avec --ref.',
      'HEAD names no branch: give the wiki’s branch with --ref.',
    );
  }
  return ref;
}


/**
 * The desk of a wiki served without `feuillet serve` (an embedding, a test server): the wiki's own
 * settings, no relay (mail waits in the outbox), the data folder inside the repository.
 */
export async function openDefaultReviewDesk(db: Db, wiki: Wiki, publicUrl: string | undefined): Promise<ReviewDesk> {
  const source = wiki.source;
  if (!(source instanceof GitSource)) throw new ReviewUnavailable('Les correctifs demandent un dépôt git (feuillet init).', 'Patches need a git repository (feuillet init).');
  // A wiki made without a settings reader (openWiki always gives one) gets those of the branch as it is now.
  const name = basename(source.repo.dir).replace(/\.git$/, '') || 'wiki';
  const reader = wiki.options.settings ?? (await WikiSettingsReader.open(source, { name }, await source.current()));
  const opened = {
    source,
    wiki,
    dataDir: source.defaultDataDir,
    get settings() {
      return reader.current.settings;
    },
  };
  return openReviewDesk({ db, opened, deployment: { server: { publicUrl }, mail: {} } });
}
