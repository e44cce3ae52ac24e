import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { UserError } from '../user-error.js';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops taking connections (a load balancer then sends the next requests elsewhere), lets the requests
   * being answered finish for up to `graceMs`, then cuts what is left (a live-reload stream, a stalled
   * client). Without a grace, connections are cut at once.
   */
  close(graceMs?: number): Promise<void>;
}

export class PortInUseError extends UserError {
  constructor(readonly host: string, readonly port: number) {
    super(`Le port ${port} est déjà utilisé sur ${host}`, `port ${port} is already in use on ${host}`, 503);
  }
}

/** Listens for HTTP on host:port (0 picks a free port) and says where. */
export function listen(app: Hono, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    const server: ServerType = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      server.off('error', onError);
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}/`,
        port: info.port,
        close: (graceMs = 0) =>
          new Promise<void>((done) => {
            const connections = server as unknown as { closeAllConnections(): void; closeIdleConnections(): void };
            server.close(() => {
              clearTimeout(cut);
              done();
            });
            connections.closeIdleConnections();
            const cut = setTimeout(() => connections.closeAllConnections(), graceMs);
          }),
      });
    });
    server.once('error', onError);
  });
}
