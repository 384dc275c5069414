import { historyQuery, limits, myRoomsQuery, notifyBody, parseInput, roomNameSchema, roomSearchQuery, seqParam, type EditsReply, type HistoryReply, type MembersReply, type MyRoomsReply, type NotifyReply, type ReceiptsReply, type RoomsReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { ChatContext } from '../../chat/chat-context.js';
import { history, messageVersions, myRooms } from '../../chat/messages.js';
import { setNotifyLevel } from '../../chat/notify-levels.js';
import { roomReceipts } from '../../chat/receipts.js';
import { members } from '../../chat/rooms.js';
import { roomInfo } from '../../chat/views.js';
import { userOf, type Authed } from '../authenticate.js';

export function roomRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {

  // The seed's search_rooms: public rooms, and private ones the caller belongs to.
  app.get('/api/rooms', authed('search'), async (request): Promise<RoomsReply> => {
    const query = parseInput(roomSearchQuery, request.query, 'query');
    const rooms = await ctx.storage.rooms.searchRooms(userOf(request).id, query.q ?? '', query.limit ?? limits.searchMax, { joined: query.joined, kind: query.kind });
    return { rooms: rooms.map(roomInfo) };
  });

  app.get('/api/me/rooms', authed('roomList'), async (request): Promise<MyRoomsReply> => {
    const query = parseInput(myRoomsQuery, request.query, 'query');
    return myRooms(ctx, { user: userOf(request) }, query);
  });

  app.get<{ Params: { room: string } }>('/api/rooms/:room/members', authed(), async (request): Promise<MembersReply> => {
    const name = parseInput(roomNameSchema, request.params.room, 'room name');
    return { members: await members(ctx, { user: userOf(request) }, name) };
  });

  app.get<{ Params: { room: string } }>('/api/rooms/:room/receipts', authed(), async (request): Promise<ReceiptsReply> => {
    const name = parseInput(roomNameSchema, request.params.room, 'room name');
    return { receipts: await roomReceipts(ctx, userOf(request), name) };
  });

  app.put<{ Params: { room: string } }>('/api/rooms/:room/notify', authed('settings'), async (request): Promise<NotifyReply> => {
    const room = parseInput(roomNameSchema, request.params.room, 'room name');
    const { level } = parseInput(notifyBody, request.body, 'notification level');
    return setNotifyLevel(ctx, { user: userOf(request) }, { room, level });
  });

  app.get<{ Params: { room: string } }>('/api/rooms/:room/messages', authed('history'), async (request): Promise<HistoryReply> => {
    const room = parseInput(roomNameSchema, request.params.room, 'room name');
    const query = parseInput(historyQuery, request.query, 'query');
    const page = await history(ctx, { user: userOf(request) }, { room, ...query });
    return { messages: page.messages };
  });

  app.get<{ Params: { room: string; seq: string } }>('/api/rooms/:room/messages/:seq/edits', authed('history'), async (request): Promise<EditsReply> => {
    const room = parseInput(roomNameSchema, request.params.room, 'room name');
    const seq = parseInput(seqParam, request.params.seq, 'message seq');
    return { edits: await messageVersions(ctx, { user: userOf(request) }, { room, seq }) };
  });
}
