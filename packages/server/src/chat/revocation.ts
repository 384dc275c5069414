import { closeCodes } from '@parley/protocol';
import type { Bus } from '../bus/bus.js';
import type { SocketRegistry } from './socket-registry.js';

/**
 * Closes the sockets of a sign-in session revoked on any node (sign-out, password change):
 * they authenticated with a token that no longer works, so they must not keep receiving.
 */
export function closeRevokedSockets(bus: Bus, registry: SocketRegistry): () => void {
  return bus.subscribe((event) => {
    if (event.type !== 'revoke') return;
    for (const socket of [...registry.tokenSockets(event.tokenHash)]) socket.conn.close(closeCodes.sessionEnded, 'signed out');
  });
}
