export { ParleyClient, createClient, type ClientOptions, type ClientEvents, type SendOptions } from './client.js';
export { emptyTimeline, foldTimeline, timelineMessage, type Timeline, type TimelineItem, type TimelineMessage } from './timeline.js';
export { randomId } from './ids.js';
export type { ConnectionState, StateChange } from './connection.js';
export type { HistoryOptions, FetchLike } from './http-api.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export { ParleyError, limits, normalizePhone, privateRoomName, closeCodes, shouldReconnect } from '@parley/protocol';
export type * from '@parley/protocol';
