import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium: what `.ci/run` installs, and what these machines have. */
export const CHROMIUM = '/usr/bin/chromium';

// Flags for a headless run in a container with no GPU, no network beyond loopback and no user profile.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const MISSING = `Chromium est introuvable (${CHROMIUM}) : installez le paquet Debian « chromium » (apt-get install chromium), comme le fait .ci/run / Chromium is missing (${CHROMIUM}): install Debian's chromium package, as .ci/run does`;

/** The reason to skip a browser test, or false when it must run: a missing Chromium fails under CI=true. */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI === 'true') return false;
  return MISSING;
}

/** Starts headless Chromium; fails with a sentence saying what to install when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A page in a fresh browser context (no cookies, cache or storage shared with other tests), closed when
 * the test ends. Errors thrown by the page's scripts fail the test through `scriptErrors`.
 */
export async function newPage(t: TestContext, browser: Browser, options: BrowserContextOptions = {}): Promise<{ page: Page; scriptErrors: Error[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', ...options });
  // A waiting step that never ends must fail the test, not hang the suite.
  context.setDefaultTimeout(15_000);
  t.after(() => context.close());
  const page = await context.newPage();
  const scriptErrors: Error[] = [];
  page.on('pageerror', (error) => scriptErrors.push(error));
  return { page, scriptErrors };
}

const BIN = fileURLToPath(new URL('../../bin/feuillet.js', import.meta.url));

export interface CliServer {
  /** The URL `feuillet serve` printed, ending in `/`. */
  url: string;
  /** Everything the command wrote, for failure messages. */
  output(): string;
  /** The server process, e.g. to read its memory in /proc. */
  pid: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `feuillet serve ARGS --port 0` as users do (the compiled command: `npm run build` first) and
 * resolves with the URL it prints. Shared by the browser tests, the README screenshot and the benchmark.
 */
export function serveWithCli(args: string[], options: { timeoutMs?: number } = {}): Promise<CliServer> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`feuillet serve printed no URL in time:\n${out}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/\S+\//.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, output: () => out, stop, pid: child.pid! });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`feuillet serve exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}
