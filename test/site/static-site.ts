import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { ASSETS, ASSETS_VERSION } from '../../src/server/assets.js';
import { buildSite, type BuildOptions, type BuildReport } from '../../src/site/build.js';

/** Builds a wiki the way the CLI does, with the real assets. */
export function build(repo: string, outDir: string, more: Partial<BuildOptions> = {}): Promise<BuildReport> {
  return buildSite({ wiki: { repo }, outDir, assets: ASSETS, assetsVersion: ASSETS_VERSION, ...more });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
};

/**
 * A plain static file server, as nginx serves a folder by default: files, `index.html`, a redirect to the
 * slash (keeping the query, as nginx does), 404.html.
 */
export async function serveFolder(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const { pathname: path, search } = new URL(request.url ?? '/', 'http://x');
    let file: string;
    try {
      file = join(root, ...path.split('/').map((s) => decodeURIComponent(s)));
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        response.writeHead(301, { Location: `${path}/${search}` }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'Content-Type': TYPES['.html'] });
      createReadStream(join(root, '404.html')).pipe(response);
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // A browser still open keeps its connections alive (and may have one half-sent): closing only the server
  // would wait for them, and a test's clean-up must never hang the suite.
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}`, close };
}

/**
 * Follows every internal link from the home page (pages, stylesheets, scripts, images, sources, feeds, and
 * where forms send, as the search form does) and returns the ones that do not answer 200 after redirects.
 * Links the wiki itself marks broken are the wiki's own problem (reported by the build).
 */
export async function crawl(base: string, start = '/'): Promise<{ visited: number; paths: Set<string>; broken: string[] }> {
  const seen = new Set<string>([start]);
  const queue = [start];
  const broken: string[] = [];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const response = await fetch(base + path);
    if (response.status !== 200) {
      broken.push(`${path} → ${response.status}`);
      await response.arrayBuffer();
      continue;
    }
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) {
      await response.arrayBuffer();
      continue;
    }
    const { document } = parseHTML(await response.text());
    for (const element of Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src], form[action]'))) {
      if (element.getAttribute('class')?.includes('broken-link')) continue;
      const raw = element.getAttribute('href') ?? element.getAttribute('src') ?? element.getAttribute('action') ?? '';
      const url = new URL(raw, base + path);
      if (url.origin !== base) continue;
      if (!seen.has(url.pathname)) {
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    }
  }
  return { visited: seen.size, paths: seen, broken };
}

/** The server links each page to its history; the static site has no history pages, so no such link. */
export const HISTORY_LINK = / · <a href="[^"]*\/-\/history\/[^"]+">Historique<\/a>/;

/** Every file below `dir` with a digest of its bytes. */
export function treeOf(dir: string): Map<string, string> {
  const tree = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, name);
    if (statSync(full).isFile()) tree.set(name, createHash('sha1').update(readFileSync(full)).digest('hex'));
  }
  return tree;
}

/** Runs `feuillet ARGS` in a child process from the sources, as the installed command would. */
export function spawnCli(args: string[]) {
  const main = new URL('../../src/cli/main.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(main)}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
}
