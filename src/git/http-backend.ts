/**
 * Git's smart HTTP protocol, served by `git http-backend` run as a CGI program (no shell): the request
 * body streams into it and its answer streams back, so a large clone or push never sits in memory.
 * Only the three smart-protocol addresses are passed on; who may fetch or push is decided by the caller.
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { gitEnv } from './run.js';

export type GitService = 'git-upload-pack' | 'git-receive-pack';

/** What a smart HTTP request asks for, or undefined for anything else (dumb HTTP, other files). */
export function smartHttpService(method: string, pathInfo: string, service: string | undefined): { service: GitService; advertise: boolean } | undefined {
  if (pathInfo === '/info/refs' && (method === 'GET' || method === 'HEAD')) {
    return service === 'git-upload-pack' || service === 'git-receive-pack' ? { service, advertise: true } : undefined;
  }
  if (method !== 'POST') return undefined;
  if (pathInfo === '/git-upload-pack') return { service: 'git-upload-pack', advertise: false };
  if (pathInfo === '/git-receive-pack') return { service: 'git-receive-pack', advertise: false };
  return undefined;
}

export interface GitHttpRequest {
  method: string;
  /** `/info/refs`, `/git-upload-pack` or `/git-receive-pack`. */
  pathInfo: string;
  /** Without the `?`. */
  query: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  remoteAddr?: string;
  /** The account pushing (set only once the caller has authorised it). */
  remoteUser?: string;
}

export interface GitHttpOptions {
  /** The repository's git directory (`.git`, or the bare repository itself). */
  gitDir: string;
  /** Configuration for this request only (`http.receivepack`, `core.hooksPath`…), as `git -c` would give it. */
  config?: Record<string, string>;
  /** More environment for git and its hooks. */
  env?: Record<string, string>;
}

const HEADER_LIMIT = 64 * 1024;

/** Runs `git http-backend` for one request and returns its answer as a streamed Response. */
export async function runHttpBackend(request: GitHttpRequest, options: GitHttpOptions): Promise<Response> {
  const config = Object.entries(options.config ?? {});
  const env: Record<string, string> = {
    ...options.env,
    GIT_PROJECT_ROOT: options.gitDir,
    PATH_INFO: request.pathInfo,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.query,
    GATEWAY_INTERFACE: 'CGI/1.1',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  const copy = (header: string, variable: string) => {
    const value = request.headers.get(header);
    if (value !== null) env[variable] = value;
  };
  copy('content-type', 'CONTENT_TYPE');
  copy('content-length', 'CONTENT_LENGTH');
  copy('content-encoding', 'HTTP_CONTENT_ENCODING');
  copy('git-protocol', 'GIT_PROTOCOL');
  if (request.remoteAddr) env.REMOTE_ADDR = request.remoteAddr;
  if (request.remoteUser) env.REMOTE_USER = request.remoteUser;

  const child = spawn('git', ['http-backend'], { cwd: options.gitDir, env: gitEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString('utf8');
  });
  // The client may hang up mid-push; git then stops reading. Neither is an error of the server.
  child.stdin.on('error', () => undefined);
  if (request.body) {
    const body = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
    body.on('error', () => child.stdin.destroy());
    body.pipe(child.stdin);
  } else {
    child.stdin.end();
  }
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;

  const chunks = child.stdout[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let end = -1;
  while (end < 0) {
    const { value, done } = await chunks.next();
    if (done) break;
    head = Buffer.concat([head, value]);
    end = headerEnd(head);
    if (end < 0 && head.length > HEADER_LIMIT) break;
  }
  if (end < 0) {
    child.kill();
    console.error(`git http-backend: ${stderr.trim() || 'no CGI header'}`);
    return new Response('git http-backend failed\n', { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const { status, headers } = parseCgiHeaders(head.subarray(0, end).toString('latin1'));
  const rest = head.subarray(end + (head[end] === 0x0d ? 4 : 2));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (rest.length > 0) controller.enqueue(new Uint8Array(rest));
    },
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value));
    },
    cancel() {
      child.kill();
    },
  });
  headers.set('Cache-Control', 'no-cache, max-age=0, must-revalidate');
  return new Response(request.method === 'HEAD' ? null : body, { status, headers });
}

/** Where the CGI header block ends (the index of its blank line), or -1 when not yet read. */
function headerEnd(bytes: Buffer): number {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf;
  return lf;
}

function parseCgiHeaders(text: string): { status: number; headers: Headers } {
  const headers = new Headers();
  let status = 200;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.append(name, value);
  }
  return { status, headers };
}
