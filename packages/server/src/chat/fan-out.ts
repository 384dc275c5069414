import { closeCodes } from '@parley/protocol';
import type { Bus, BusEvent } from '../bus/bus.js';
import type { SessionRegistry } from './session-registry.js';

/**
 * Applies bus events to this node's sessions. Each frame arrives serialized once, whatever the
 * number of recipients.
 */
export function attachFanOut(bus: Bus, registry: SessionRegistry): () => void {
  return bus.subscribe((event: BusEvent) => {
    switch (event.type) {
      case 'room':
        for (const session of registry.roomSessions(event.roomId)) {
          if (session.conn.id !== event.skipConnId) session.conn.send(event.frame);
        }
        return;
      case 'membership':
        if (event.change === 'add') registry.subscribe(event.userIds, event.roomId);
        else registry.unsubscribe(event.userIds, event.roomId);
        return;
      case 'room_deleted':
        for (const session of registry.dropRoom(event.roomId)) session.conn.send(event.frame);
        return;
      case 'users':
        for (const userId of event.userIds) {
          for (const session of registry.userSessions(userId)) session.conn.send(event.frame);
        }
        return;
      case 'revoke':
        for (const session of [...registry.tokenSessions(event.tokenHash)]) {
          session.conn.close(closeCodes.sessionEnded, 'signed out');
        }
        return;
    }
  });
}
