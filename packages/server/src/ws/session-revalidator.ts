import { closeCodes } from '@parley/protocol';
import type { Accounts } from '../auth/accounts.js';
import type { SocketRegistry } from '../chat/socket-registry.js';
import type { Logger } from '../log.js';

// Checks between yields to the event loop, so that a sweep of many sessions never blocks it.
const checksPerTurn = 50;

/**
 * Checks every open socket's session every `intervalMs`, and closes those whose session has
 * ended (4403): first those whose token reached its absolute expiry (known in memory), then,
 * against storage, those signed out. Sign-outs reach open sockets at once through the bus; this
 * is the backstop for one that did not (a node that missed the bus event, a race at sign-in,
 * a session deleted or expired by other means).
 */
export class SessionRevalidator {
  private readonly timer: ReturnType<typeof setInterval>;
  private running = false;

  constructor(
    private readonly registry: SocketRegistry,
    private readonly accounts: Accounts,
    private readonly log: Logger,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass over the distinct tokens of the open sessions; skipped while the last still runs. */
  async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = Date.now();
      for (const socket of this.registry.all()) {
        if (now >= socket.expiresAt) socket.conn.close(closeCodes.sessionEnded, 'session expired');
      }
      const tokens = [...new Set(this.registry.all().map((s) => s.tokenHash))];
      for (let i = 0; i < tokens.length; i++) {
        if (i > 0 && i % checksPerTurn === 0) await new Promise((resolve) => setImmediate(resolve));
        const tokenHash = tokens[i]!;
        if (await this.accounts.isActive(tokenHash)) continue;
        for (const socket of [...this.registry.tokenSockets(tokenHash)]) socket.conn.close(closeCodes.sessionEnded, 'session ended');
      }
    } catch (error) {
      // Storage unreachable: the next pass tries again; sockets are not closed for it.
      this.log.warn('session check failed', { error: (error as Error).message });
    } finally {
      this.running = false;
    }
  }
}
