import { ParleyError } from '@parley/protocol';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../http/authenticate.js';
import { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { Metrics } from './metrics.js';

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// Wrong tokens per address per 10 minutes before /metrics answers rate_limited.
const failuresAllowed = 20;
const failureWindowMs = 10 * 60_000;

/**
 * GET /metrics on the main port, in the Prometheus text format, for `Authorization: Bearer
 * <token>` only: the main port faces the internet, and the figures tell an attacker how busy
 * the server is. Guessing is rate-limited per address.
 */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, token: string): void {
  const failures = new AttemptLimiter(failuresAllowed, failureWindowMs);
  app.get('/metrics', async (request, reply) => {
    const retryAfter = failures.retryAfter(request.ip);
    if (retryAfter > 0) {
      metrics.rateLimited.labels('metrics_auth').inc();
      throw new ParleyError('rate_limited', `Too many wrong metrics tokens from this address; try again in ${retryAfter} s.`, undefined, retryAfter);
    }
    const given = bearerToken(request);
    if (!given || !sameSecret(given, token)) {
      failures.hit(request.ip);
      throw new ParleyError('unauthorized', 'Send Authorization: Bearer <metrics token> (the --metrics-token option).');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
