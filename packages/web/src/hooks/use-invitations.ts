import type { Invitation, ParleyClient } from '@parley/client';
import { useCallback, useEffect, useState } from 'react';

/**
 * The invitations waiting for the signed-in user: loaded when the connection opens (first time and
 * after every reconnect, since some may have come meanwhile) and kept current by `invitation` pushes.
 */
export function useInvitations(client: ParleyClient): { invitations: Invitation[]; remove: (room: string) => void } {
  const [invitations, setInvitations] = useState<Invitation[]>([]);

  useEffect(() => {
    let live = true;
    const load = () => {
      client.invitations().then(
        (list) => {
          if (live) setInvitations(list);
        },
        () => {
          // Shown again on the next reconnect; the room list's own notice already says we are offline.
        },
      );
    };
    if (client.state === 'open') load();
    const offState = client.on('state', (change) => {
      if (change.state === 'open') load();
    });
    const offPush = client.on('invitation', ({ type: _type, ...invitation }) => {
      setInvitations((list) => [invitation, ...list.filter((i) => i.room !== invitation.room)]);
    });
    return () => {
      live = false;
      offState();
      offPush();
    };
  }, [client]);

  const remove = useCallback((room: string) => setInvitations((list) => list.filter((i) => i.room !== room)), []);
  return { invitations, remove };
}
