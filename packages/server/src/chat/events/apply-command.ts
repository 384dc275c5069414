import type { CommitTx } from './commit-tx.js';
import type { Command, CommitResult } from './command.js';
import { applyEdit } from './edit.js';
import { applyAcceptInvitation, applyCreateRoom, applyDeleteRoom, applyInvite, applyJoin, applyLeave } from './member.js';
import { applyMessage } from './message.js';
import { applyReact } from './reaction.js';
import { applyRedact } from './redact.js';

/** Rules that depend on server options. */
export interface CommitRules {
  /** How long after sending a message may be edited (ms; 0 = no limit). */
  editWindowMs: number;
}

export const defaultCommitRules: CommitRules = { editWindowMs: 24 * 3_600_000 };

/**
 * Applies one command inside the open transaction. Throws a ParleyError when the command is
 * refused; the engine then undoes whatever the command wrote, and only it fails.
 */
export function applyCommand(tx: CommitTx, cmd: Command, rules: CommitRules): CommitResult {
  switch (cmd.type) {
    case 'message':
      return applyMessage(tx, cmd);
    case 'edit':
      return applyEdit(tx, cmd, rules.editWindowMs);
    case 'redact':
      return applyRedact(tx, cmd);
    case 'react':
      return applyReact(tx, cmd);
    case 'join':
      return applyJoin(tx, cmd);
    case 'leave':
      return applyLeave(tx, cmd);
    case 'invite':
      return applyInvite(tx, cmd);
    case 'accept_invitation':
      return applyAcceptInvitation(tx, cmd);
    case 'create_room':
      return applyCreateRoom(tx, cmd);
    case 'delete_room':
      return applyDeleteRoom(tx, cmd);
  }
}
