import type { AuthOptions } from '../../src/auth/context.js';
import { createApp } from '../../src/server/app.js';
import { type AccessServices, type AuthSettings, openAccessServices } from '../../src/server/middleware/services.js';
import type { Database } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open.js';
import { ASSETS_VERSION } from '../../src/server/assets.js';
import { listen } from '../../src/server/start.js';
import { publicationOf } from '../../src/pages/publication.js';
import { openWiki, type OpenOptions } from '../../src/wiki/open.js';
import { parseHTML } from 'linkedom';
import type { Wiki } from '../../src/wiki/wiki.js';

export interface TestServer {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET and parse the HTML answer into a DOM. */
  page(path: string, headers?: Record<string, string>): Promise<{ response: Response; document: Document }>;
  close(): Promise<void>;
  /** Set when the server was started with accounts (`access`). */
  services?: AccessServices;
  db?: Database;
  /** Feuillet's data folder for this wiki (outbox, database, secret). */
  dataDir: string;
  /** The wiki the server publishes. */
  wiki: Wiki;
}

/** Accounts, sessions and git over HTTP for a test server: a real SQLite database, a low scrypt cost. */
export interface TestAccess {
  settings?: Partial<AuthSettings>;
  auth?: AuthOptions;
}

export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 };

/** Starts Feuillet's real HTTP server on a free loopback port for the wiki `options` names. */
export async function startServer(options: OpenOptions, access?: TestAccess): Promise<TestServer> {
  const opened = await openWiki(options);
  const publication = publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION, liveReload: opened.source.kind === 'worktree' });
  const db = access ? await openDatabase({ dataDir: opened.dataDir }) : undefined;
  const services = db
    ? await openAccessServices({
        db,
        opened,
        settings: { registration: false, private: false, allowForcePush: false, ...access?.settings },
        auth: { scryptCost: TEST_SCRYPT_COST, ...access?.auth },
      })
    : undefined;
  const app = createApp({ publication, defaultLang: opened.settings.language, ...(services ? { services } : {}) });
  const server = await listen(app, '127.0.0.1', 0);
  const base = server.url.replace(/\/$/, '');
  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers, redirect: 'manual' });
  return {
    url: server.url,
    dataDir: opened.dataDir,
    wiki: opened.wiki,
    ...(services && db ? { services, db } : {}),
    get,
    async page(path, headers) {
      const response = await get(path, headers);
      const { document } = parseHTML(await response.text());
      return { response, document: document as unknown as Document };
    },
    async close() {
      await server.close();
      await db?.close();
      opened.source.close();
    },
  };
}

/** Where the shared test material lives (absent in a user's fresh clone). */
export const SHARED = new URL('../../../shared/', import.meta.url);

/** The reason to skip a test needing `../shared`, or false when it must run (always under CI=true). */
export function sharedSkip(what: string, present: boolean): string | false {
  if (present || process.env.CI === 'true') return false;
  return `needs ../shared/${what}, which a fresh clone of Feuillet does not have`;
}
