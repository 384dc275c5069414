import { ParleyError, normalizePhone } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerLimits } from '../server-limits.js';

/**
 * Rate limits for the endpoints that cost a password hash: per client address for sign-up and
 * sign-in alike (CPU), and per phone and address for failed sign-ins (password guessing). Keying
 * failures by address too means a stranger's wrong guesses cannot lock the owner out.
 */
export class AuthGuard {
  private readonly byAddress: AttemptLimiter;
  private readonly failuresByPhone: AttemptLimiter;

  constructor(
    limits: ServerLimits,
    private readonly metrics: Pick<Metrics, 'rateLimited'>,
  ) {
    this.byAddress = new AttemptLimiter(limits.authAttemptsPerAddress, limits.authWindowMs);
    this.failuresByPhone = new AttemptLimiter(limits.failedSigninsPerPhone, limits.authWindowMs);
  }

  /** Counts an attempt from the request's address; throws rate_limited past the limit. */
  admitAddress(request: FastifyRequest): void {
    refuse(this.byAddress.retryAfter(request.ip), 'Too many attempts from this address', () => this.metrics.rateLimited.labels('auth_address').inc());
    this.byAddress.hit(request.ip);
  }

  /** Throws rate_limited while the phone has too many recent failures from this address. */
  admitPhone(request: FastifyRequest, phone: string): void {
    refuse(this.failuresByPhone.retryAfter(phoneKey(request, phone)), 'Too many failed sign-ins for this phone number', () => this.metrics.rateLimited.labels('failed_signins').inc());
  }

  failed(request: FastifyRequest, phone: string): void {
    this.failuresByPhone.hit(phoneKey(request, phone));
  }

  succeeded(request: FastifyRequest, phone: string): void {
    this.failuresByPhone.reset(phoneKey(request, phone));
  }
}

function phoneKey(request: FastifyRequest, phone: string): string {
  return `${normalizePhone(phone)}@${request.ip}`;
}

function refuse(retryAfter: number, what: string, count: () => void): void {
  if (retryAfter > 0) count();
  if (retryAfter > 0) throw new ParleyError('rate_limited', `${what}; try again in ${retryAfter} s.`, undefined, retryAfter);
}
