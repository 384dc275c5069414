import { parseInput, roomFilesQuery, roomNameSchema, type RoomFilesReply } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { userLookup, type ChatContext } from '../../chat/chat-context.js';
import { readableRoom } from '../../chat/messages.js';
import { userOf, type Authed } from '../authenticate.js';
import { uploadView } from './upload-routes.js';

/** GET /api/rooms/:room/files: the files shared in a room, newest first, for its members. */
export function roomFilesRoutes(app: FastifyInstance, ctx: ChatContext, authed: Authed): void {
  app.get<{ Params: { room: string } }>('/api/rooms/:room/files', authed('history'), async (request): Promise<RoomFilesReply> => {
    const name = parseInput(roomNameSchema, request.params.room, 'room name');
    const query = parseInput(roomFilesQuery, request.query, 'query');
    const room = await readableRoom(ctx, { user: userOf(request) }, name);
    const files = await ctx.storage.uploads.roomFiles(room.id, { ...(query.before !== undefined ? { before: query.before } : {}), limit: query.limit ?? 50 });
    const users = await userLookup(ctx, files.map((f) => f.ownerId));
    return { files: files.map((f) => ({ ...uploadView(f), seq: f.seq!, from: users(f.ownerId) })) };
  });
}
