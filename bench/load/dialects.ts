import { textFrame } from './ws-frames.js';

/** What a timed client extracts from one pushed frame. */
export interface Push {
  room: string;
  text: string;
  /** Parley's per-room sequence number; absent for the peers. */
  seq?: number;
}

/**
 * How the raw clients speak to each server under test: the upgrade path, the first frame, when
 * the session counts as up, how a raw sender frames a message, and how a push is read.
 */
export interface Dialect {
  path(room: string | null): string;
  hello(token: string | null): Buffer | undefined;
  ready(prefix: string): boolean | 'failed';
  encode(room: string, text: string): Buffer;
  decode(frame: string): Push | null;
}

export const parleyDialect: Dialect = {
  path: () => '/ws',
  hello: (token) => textFrame(JSON.stringify({ type: 'auth', id: 'auth', token })),
  ready: (prefix) => (prefix.includes('"id":"auth"') ? (prefix.includes('"type":"ok"') ? true : 'failed') : false),
  encode: (room, text) => textFrame(JSON.stringify({ type: 'message', room, text, clientMsgId: text.slice(0, 40) })),
  decode(frame) {
    if (!frame.startsWith('{"type":"message"')) return null;
    const push = JSON.parse(frame) as { room: string; seq: number; text: string };
    return { room: push.room, text: push.text, seq: push.seq };
  },
};

/** Engine.IO 4 over a plain WebSocket: `0{...}` open, `40` connect, `42[...]` events. */
export const socketIoDialect: Dialect = {
  path: (room) => `/socket.io/?EIO=4&transport=websocket${room ? `&room=${encodeURIComponent(room)}` : ''}`,
  hello: () => textFrame('40'),
  ready: (prefix) => prefix.includes('40{'),
  encode: (room, text) => textFrame(`42${JSON.stringify(['msg', room, text])}`),
  decode(frame) {
    if (!frame.startsWith('42')) return null;
    const [, push] = JSON.parse(frame.slice(2)) as [string, { room: string; text: string }];
    return { room: push.room, text: push.text };
  },
};

/** The floor forwards each frame as it came, to the other members of the sender's room. */
export const floorDialect: Dialect = {
  path: (room) => `/?room=${encodeURIComponent(room ?? '')}`,
  hello: () => undefined,
  ready: () => true,
  encode: (room, text) => textFrame(JSON.stringify({ room, text })),
  decode(frame) {
    const push = JSON.parse(frame) as { room: string; text: string };
    return { room: push.room, text: push.text };
  },
};
