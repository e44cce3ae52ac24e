// nginx for tests and benchmarks (a load balancer in front of Feuillet instances, a static file server to
// compare with): its own configuration in a temporary folder, on a loopback port. Absent, the tests skip
// with a reason, except in CI, where they run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.js';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

/** The reason to skip load-balancer tests, or false to run them (always run in CI). */
export const skipNginx: string | false = NGINX || process.env.CI === 'true' ? false : 'needs nginx (apt-get install nginx)';

export interface TestNginx {
  /** nginx's address, without the final slash. */
  url: string;
  /** What nginx logged (upstreams it could not reach…), to explain a failure. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx on a loopback port with its own configuration in a temporary folder: the `http` block's
 * content is the caller's (`port` is the one to listen on), the rest is the same for every use.
 */
export async function runNginx(options: { http: (port: number) => string; workers?: number }): Promise<TestNginx> {
  if (!NGINX) throw new Error('nginx not found (apt-get install nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(
    conf,
    `daemon off;
worker_processes ${options.workers ?? 1};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
${options.http(port)}
}
`,
  );
  // Run as root (as CI does), nginx's workers take the `nobody` account, which cannot write the temporary
  // folder: they are told to stay root instead (a directive nginx ignores, with a notice, when not root).
  const asRoot = process.getuid?.() === 0 ? ['-g', 'user root;'] : [];
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), ...asRoot], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx ended at start: ${errors}`);
    const up = await fetch(`${url}/`, { method: 'HEAD' }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100) throw new Error(`nginx did not answer on ${url}: ${errors}`);
    await sleep(50);
  }
  return {
    url,
    log: () => readFileSync(join(dir, 'error.log'), 'utf8'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      await Promise.race([ended, sleep(5000).then(() => child.kill('SIGKILL'))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * nginx balancing over the Feuillet instances listening on `upstreams` (loopback ports), configured as an
 * operator would (see the README): round robin, the next instance tried when one refuses the connection
 * (it is restarting), the client's address passed on. `max_fails=0`: an instance that refused a
 * connection is not set aside for a while, since a restarted one is back within seconds and the other
 * may be the next to restart.
 */
export function startNginx(upstreams: readonly number[]): Promise<TestNginx> {
  return runNginx({
    http: (port) => `  upstream feuillet {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 50m;
    location / {
      proxy_pass http://feuillet;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_buffering off;
    }
  }`,
  });
}
