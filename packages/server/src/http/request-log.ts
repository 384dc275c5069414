import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../metrics/metrics.js';

/**
 * The route a request matched, as registered (`/api/rooms/:room/messages`), never the URL as
 * sent: URLs hold room names and search terms, private room names hold phone numbers, and the
 * pattern keeps logs and metric labels to a handful of values.
 */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * One log line per request once it is answered (method, route, status, duration, and the
 * request id Fastify's logger adds), and the id in an X-Request-Id header, so that a person
 * reporting a problem can quote it and an operator can find the line.
 */
export function installRequestLog(app: FastifyInstance, metrics: Pick<Metrics, 'httpRequestSeconds'>): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    metrics.httpRequestSeconds.labels(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });
}
