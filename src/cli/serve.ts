import { resolve } from 'node:path';
import { hasActiveAdmin } from '../auth/accounts.js';
import { createApp } from '../server/app.js';
import { setUploadLimit } from '../server/routes/file-ops.js';
import { ASSETS_VERSION } from '../server/assets.js';
import { relayOf } from '../mail/outbox.js';
import { openAccessServices } from '../server/middleware/services.js';
import { listen } from '../server/start.js';
import { publicationOf } from '../pages/publication.js';
import { messagesFor } from '../views/messages.js';
import { openWiki } from '../wiki/open.js';
import { deploymentOf } from './deployment.js';
import type { CliValues } from './commands.js';
import { startReviewService } from './review-service.js';
import { wikiTarget } from './target.js';
import { commandLine, sameStore } from './command-line.js';
import { authSettingsOf, openAccountStore } from './user.js';

/** How long a stopping server lets the requests under way finish (a save, an apply, a large download). */
const STOP_GRACE_MS = 20_000;

/** `feuillet serve`: the live wiki over HTTP until interrupted. */
export async function serveCommand(positionals: string[], values: CliValues): Promise<number> {
  const config = deploymentOf(values);
  const { host, port } = config.server;
  const target = await wikiTarget(positionals, values, config);
  const opened = await openWiki(target);
  for (const problem of opened.settingsProblems) console.error(problem);
  const worktree = opened.source.kind === 'worktree';
  const publication = publicationOf(opened, {
    basePath: '',
    assetsVersion: ASSETS_VERSION,
    liveReload: worktree,
    ...(opened.withoutGit ? { notice: messagesFor(opened.settings.language).worktreeNotice } : {}),
  });
  const db = await openAccountStore(config, opened.dataDir);
  let review: Awaited<ReturnType<typeof startReviewService>> | undefined;
  // Whatever fails (a port in use…), what was opened is closed, so the command ends with its message.
  try {
    const { relay } = config.mail;
    const services = await openAccessServices({
      db,
      opened,
      settings: authSettingsOf(config),
      ...(relay ? { relay: relayOf(relay), ...(relay.from ? { from: relay.from } : {}) } : {}),
    });
    // The review pages and the list's receivers, for a wiki of the user's (not the bundled manual).
    review = target.bundled ? undefined : await startReviewService(opened, db, config);
    setUploadLimit(opened.wiki, config.edit.maxUploadBytes);
    const app = createApp({
      publication,
      // The wiki's language is a setting of the content: read on each request, it follows the commits.
      get defaultLang() {
        return opened.settings.language;
      },
      services,
      dataDir: opened.dataDir,
    });
    const server = await listen(app, host, port);
    console.log(`Feuillet sert ${opened.source.label} sur ${server.url}`);
    if (opened.withoutGit) console.log(messagesFor(opened.settings.language).worktreeNotice);
    if (!(await hasActiveAdmin(db))) {
      // The same repository, config file and data folder as this server, or the account lands elsewhere.
      const repo = target.repo ?? target.worktree;
      const where = commandLine([...(repo !== undefined ? ['--repo', resolve(repo)] : []), ...sameStore(values)]);
      console.log(`Aucun compte administrateur : créez-en un avec « feuillet user add ADRESSE --role admin ${where} ».`);
      console.log(`No admin account: make one with "feuillet user add ADDRESS --role admin ${where}".`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // Stopped by the service manager or a rolling restart: the requests under way are answered first.
    await server.close(STOP_GRACE_MS);
  } finally {
    await review?.close();
    await db.close();
    await opened.source.close();
  }
  return 0;
}
