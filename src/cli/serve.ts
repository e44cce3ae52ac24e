import { createApp } from '../server/app.js';
import { ASSETS_VERSION } from '../server/assets.js';
import { listen } from '../server/start.js';
import { publicationOf } from '../site/publication.js';
import { messagesFor } from '../views/messages.js';
import { openWiki } from '../wiki/open.js';
import { UsageError } from './errors.js';
import type { CliValues } from './main.js';
import { wikiTarget } from './target.js';

function portOf(value: string | undefined): number {
  if (value === undefined) return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Port invalide / invalid port: ${value}`);
  return port;
}

/** `feuillet serve`: the live wiki over HTTP until interrupted. */
export async function serveCommand(positionals: string[], values: CliValues): Promise<number> {
  const target = await wikiTarget(positionals, values);
  const host = values.host ?? '127.0.0.1';
  const port = portOf(values.port);
  const opened = await openWiki(target);
  const lang = opened.settings.language;
  const worktree = opened.source.kind === 'worktree';
  const publication = publicationOf(opened, {
    basePath: '',
    assetsVersion: ASSETS_VERSION,
    liveReload: worktree,
    ...(opened.withoutGit ? { notice: messagesFor(lang).worktreeNotice } : {}),
  });
  const app = createApp({ publication, defaultLang: lang });
  const server = await listen(app, host, port);
  console.log(`Feuillet sert ${opened.source.label} sur ${server.url}`);
  if (opened.withoutGit) console.log(messagesFor(lang).worktreeNotice);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  opened.source.close();
  return 0;
}
