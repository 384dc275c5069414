import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sameSecret } from './metrics-route.js';
import type { Metrics } from './metrics.js';

export interface MetricsServerOptions {
  port: number;
  /** Default 127.0.0.1: only this machine (a local Prometheus or agent) can scrape. */
  host?: string;
  /** When set, scrapes must send `Authorization: Bearer <token>`; otherwise only loopback may scrape. */
  token?: string;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

const isLoopback = (address: string | undefined) => !!address && (/^(::ffff:)?127\./.test(address) || address === '::1');

function refusal(request: IncomingMessage, token: string | undefined): [number, string] | null {
  if ((request.url ?? '').split('?')[0] !== '/metrics') return [404, 'Only GET /metrics is served here.'];
  if (request.method !== 'GET' && request.method !== 'HEAD') return [405, 'Only GET /metrics is served here.'];
  if (token !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    return match && sameSecret(match[1]!, token) ? null : [401, 'Send Authorization: Bearer <metrics token>.'];
  }
  // Without a token this port is for this machine alone, whatever interface it was bound to.
  return isLoopback(request.socket.remoteAddress) ? null : [403, 'Metrics are served to this machine only.'];
}

/** GET /metrics on its own port, apart from the public one (e.g. for a Prometheus on the same host). */
export async function startMetricsServer(metrics: Metrics, options: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const refused = refusal(request, options.token);
    if (refused) {
      response.writeHead(refused[0], { 'content-type': 'text/plain; charset=utf-8' }).end(`${refused[1]}\n`);
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
