import { ParleyError, normalizePhone } from '@parley/protocol';
import type { FastifyRequest } from 'fastify';
import { addressKey } from '../limits/address-key.js';
import { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerLimits } from '../server-limits.js';

/**
 * Rate limits for the endpoints that cost a password hash or tell whether an account exists:
 * per client address for sign-up and sign-in alike (CPU), per phone and address for failed
 * sign-ins (password guessing), and per address for sign-ups answered phone_taken (finding out
 * who has an account). Keying failures by address too means a stranger's wrong guesses cannot
 * lock the owner out. Addresses count by their IPv6 /64 (see addressKey).
 *
 * Refusals and failed sign-ins are logged with the address, never the phone or the password.
 */
export class AuthGuard {
  private readonly byAddress: AttemptLimiter;
  private readonly failuresByPhone: AttemptLimiter;
  private readonly takenByAddress: AttemptLimiter;

  constructor(
    limits: ServerLimits,
    private readonly log: Logger,
    private readonly metrics: Pick<Metrics, 'rateLimited'>,
  ) {
    this.byAddress = new AttemptLimiter(limits.authAttemptsPerAddress, limits.authWindowMs);
    this.failuresByPhone = new AttemptLimiter(limits.failedSigninsPerPhone, limits.authWindowMs);
    this.takenByAddress = new AttemptLimiter(limits.takenPhoneSignupsPerAddress, limits.authWindowMs);
  }

  /** Counts an attempt from the request's address; throws rate_limited past the limit. */
  admitAddress(request: FastifyRequest): void {
    const address = addressKey(request.ip);
    this.refuse(request, this.byAddress.retryAfter(address), 'Too many attempts from this address', 'auth_address');
    this.byAddress.hit(address);
  }

  /** Throws rate_limited while the phone has too many recent failures from this address. */
  admitPhone(request: FastifyRequest, phone: string): void {
    this.refuse(request, this.failuresByPhone.retryAfter(phoneKey(request, phone)), 'Too many failed sign-ins for this phone number', 'failed_signins');
  }

  failed(request: FastifyRequest, phone: string): void {
    this.failuresByPhone.hit(phoneKey(request, phone));
    this.log.info('sign-in failed', { address: addressKey(request.ip) });
  }

  succeeded(request: FastifyRequest, phone: string): void {
    this.failuresByPhone.reset(phoneKey(request, phone));
  }

  /** Throws rate_limited while this address has asked about too many taken phones. */
  admitSignup(request: FastifyRequest): void {
    this.refuse(request, this.takenByAddress.retryAfter(addressKey(request.ip)), 'Too many sign-ups with registered phone numbers from this address', 'taken_phone_signups');
  }

  /** A sign-up found the phone taken: one more probe of who has an account. */
  phoneTaken(request: FastifyRequest): void {
    this.takenByAddress.hit(addressKey(request.ip));
    this.log.info('sign-up with a registered phone', { address: addressKey(request.ip) });
  }

  private refuse(request: FastifyRequest, retryAfter: number, what: string, kind: string): void {
    if (retryAfter <= 0) return;
    this.metrics.rateLimited.labels(kind).inc();
    this.log.warn('rate limited', { what, address: addressKey(request.ip), route: request.routeOptions.url });
    throw new ParleyError('rate_limited', `${what}; try again in ${retryAfter} s.`, undefined, retryAfter);
  }
}

function phoneKey(request: FastifyRequest, phone: string): string {
  return `${normalizePhone(phone)}@${addressKey(request.ip)}`;
}
