import type { Invitation } from '@parley/client';
import { useState } from 'react';
import { useChatContext } from '../hooks/use-chat.js';
import { useInvitations } from '../hooks/use-invitations.js';
import { describeError } from '../lib/errors.js';
import { formatPhone } from '../lib/phone.js';
import { plural } from '../lib/plural.js';
import { Avatar } from './avatar.js';

/**
 * Invitations from people who are not yet contacts: nobody is put in a group by a stranger; the
 * invitee accepts, declines, or declines and blocks the sender (no invitations or private chats from
 * them after that). Shown above the chat list until answered.
 */
export function InvitationList() {
  const { store } = useChatContext();
  const { invitations, remove } = useInvitations(store.client);
  if (invitations.length === 0) return null;
  return (
    <section className="invitations" aria-label="Invitations">
      <h2 className="invitations-title">{plural(invitations.length, 'invitation', 'invitations')}</h2>
      <ul className="invitation-list">
        {invitations.map((invitation) => (
          <InvitationItem key={invitation.room} invitation={invitation} onAnswered={() => remove(invitation.room)} />
        ))}
      </ul>
    </section>
  );
}

function InvitationItem({ invitation, onAnswered }: { invitation: Invitation; onAnswered: () => void }) {
  const { store, actions } = useChatContext();
  const [busy, setBusy] = useState(false);
  const what = invitation.kind === 'group' ? 'group' : 'room';
  const from = invitation.from;

  const answer = async (run: () => Promise<boolean>) => {
    setBusy(true);
    const done = await run();
    if (done) onAnswered();
    else setBusy(false);
  };
  const decline = (block: boolean) =>
    answer(async () => {
      try {
        await store.client.declineInvitation(invitation.room, block);
        store.notify(block ? `Declined, and ${from.name} is blocked: no more invitations or private chats from them.` : `Declined the invitation to ${invitation.room}.`);
        return true;
      } catch (error) {
        store.notify(describeError(error), 'error');
        return false;
      }
    });

  return (
    <li className="invitation" aria-label={`Invitation to ${invitation.room}`}>
      <Avatar name={invitation.room} colorKey={invitation.room} kind={invitation.kind === 'group' ? 'group' : 'room'} />
      <div className="invitation-main">
        <p className="invitation-text">
          <strong>{from.name}</strong> <span className="invitation-phone">({formatPhone(from.phone)})</span> invited you to the {what} <strong>{invitation.room}</strong>
        </p>
        <p className="invitation-meta">{plural(invitation.memberCount, 'member', 'members')}</p>
        <div className="invitation-actions">
          <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void answer(() => actions.acceptInvitation(invitation.room))}>
            Accept
          </button>
          <button type="button" className="btn btn-secondary btn-sm" disabled={busy} onClick={() => void decline(false)}>
            Decline
          </button>
          <button type="button" className="btn btn-ghost btn-sm" disabled={busy} aria-label={`Decline and block ${from.name}`} onClick={() => void decline(true)}>
            Block
          </button>
        </div>
      </div>
    </li>
  );
}
