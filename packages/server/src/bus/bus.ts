/**
 * The bus port: how a node tells every node (itself included) what happened. The in-process bus
 * delivers synchronously; a Redis bus will publish to other nodes. Contract: events from one
 * publisher arrive in the order published. Delivery is at-most-once; clients close gaps from
 * the database by seq, so the bus only makes delivery fast, never makes it reliable.
 */
export type BusEvent =
  /** Deliver `frame` (the entry `seq`) to the sessions subscribed to the room, except the connection that caused it. */
  | { type: 'room'; roomId: number; seq: number; frame: string; skipConnId?: string }
  /** Users joined or left a room: (un)subscribe their sessions. */
  | { type: 'membership'; roomId: number; userIds: number[]; change: 'add' | 'remove' }
  /** The room is gone: deliver the notice to its sessions, then drop the subscriptions. */
  | { type: 'room_deleted'; roomId: number; frame: string }
  /** Deliver `frame` to every session of these users, except the connection that caused it. */
  | { type: 'users'; userIds: number[]; frame: string; skipConnId?: string }
  /** A user started or stopped typing in a room (an ephemeral signal: no seq, nothing stored). */
  | { type: 'typing'; roomId: number; room: string; user: { id: number; name: string; phone: string }; typing: boolean }
  /** A member read a room up to a seq: deliver `frame` to its other members who share receipts (ephemeral). */
  | { type: 'receipt'; roomId: number; readerId: number; frame: string }
  /** A user turned read receipts on or off. */
  | { type: 'read_receipts'; userId: number; on: boolean }
  /**
   * A user's presence changed: owe `entry` to the sessions of the other members of `roomIds` (the
   * user's rooms), batched by each node; ephemeral. Rooms rather than co-members: each node finds
   * the recipients among the sockets it has subscribed to those rooms, with no query per change.
   */
  | { type: 'presence'; userId: number; roomIds: number[]; entry: { phone: string; online: boolean; status: 'online' | 'away' | 'busy' | 'offline'; text: string | null; emoji: string | null; lastSeen: string | null } }
  /** A session token was revoked: close every connection that authenticated with it. */
  | { type: 'revoke'; tokenHash: string };

export interface Bus {
  publish(event: BusEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(handler: (event: BusEvent) => void): () => void;
  /**
   * Calls `handler` whenever events from other nodes may have been missed (the bus reconnected),
   * so that the node can repair from the database. Returns the function that unsubscribes.
   */
  onResync(handler: () => void): () => void;
  close(): Promise<void>;
}
