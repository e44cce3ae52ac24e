import { createApp } from '../../src/server/app.js';
import { ASSETS_VERSION } from '../../src/server/assets.js';
import { listen } from '../../src/server/start.js';
import { publicationOf } from '../../src/site/publication.js';
import { openWiki, type OpenOptions } from '../../src/wiki/open.js';
import { parseHTML } from 'linkedom';

export interface TestServer {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET and parse the HTML answer into a DOM. */
  page(path: string, headers?: Record<string, string>): Promise<{ response: Response; document: Document }>;
  close(): Promise<void>;
}

/** Starts Feuillet's real HTTP server on a free loopback port for the wiki `options` names. */
export async function startServer(options: OpenOptions): Promise<TestServer> {
  const opened = await openWiki(options);
  const publication = publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION, liveReload: opened.source.kind === 'worktree' });
  const app = createApp({ publication, defaultLang: opened.settings.language });
  const server = await listen(app, '127.0.0.1', 0);
  const base = server.url.replace(/\/$/, '');
  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers, redirect: 'manual' });
  return {
    url: server.url,
    get,
    async page(path, headers) {
      const response = await get(path, headers);
      const { document } = parseHTML(await response.text());
      return { response, document: document as unknown as Document };
    },
    async close() {
      await server.close();
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
