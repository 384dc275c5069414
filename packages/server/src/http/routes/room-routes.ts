import { historyQuery, limits, parseInput, roomNameSchema, searchQuery, type HistoryReply, type MembersReply, type MyRoomsReply, type RoomsReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { memberList, requireMember, requireRoom, type ChatContext } from '../../chat/chat-context.js';
import { history, myRooms } from '../../chat/messages.js';
import { roomInfo } from '../../chat/views.js';
import { userOf, type Authed } from '../authenticate.js';

export function roomRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {

  // The seed's search_rooms: public rooms, and private ones the caller belongs to.
  app.get('/api/rooms', authed('search'), async (request): Promise<RoomsReply> => {
    const query = parseInput(searchQuery, request.query, 'query');
    const rooms = await ctx.storage.rooms.searchRooms(userOf(request).id, query.q ?? '', query.limit ?? limits.searchMax);
    return { rooms: rooms.map(roomInfo) };
  });

  app.get('/api/me/rooms', authed('roomList'), async (request): Promise<MyRoomsReply> => ({ rooms: await myRooms(ctx, { user: userOf(request) }) }));

  app.get<{ Params: { room: string } }>('/api/rooms/:room/members', authed(), async (request): Promise<MembersReply> => {
    const name = parseInput(roomNameSchema, request.params.room, 'room name');
    const room = await requireRoom(ctx, name);
    await requireMember(ctx, room, userOf(request));
    return { members: await memberList(ctx, room.id) };
  });

  app.get<{ Params: { room: string } }>('/api/rooms/:room/messages', authed('history'), async (request): Promise<HistoryReply> => {
    const room = parseInput(roomNameSchema, request.params.room, 'room name');
    const query = parseInput(historyQuery, request.query, 'query');
    const page = await history(ctx, { user: userOf(request) }, { room, ...query });
    return { messages: page.messages };
  });
}
