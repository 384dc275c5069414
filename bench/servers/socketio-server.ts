/**
 * The Socket.IO 4 peer: a chat server as a Node team would write it with rooms and broadcast.
 * No auth, no persistence. A client joins the room named in its handshake query; an event
 * `msg(room, text)` goes to everyone else in that room. Run: `node --import tsx socketio-server.ts <port>`.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 6790);
const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  serveClient: false,
  // The bench's byte-counting clients do not answer Engine.IO pings; a long interval keeps them.
  pingInterval: 600_000,
  pingTimeout: 600_000,
});

io.on('connection', (socket) => {
  const room = socket.handshake.query.room;
  if (typeof room === 'string' && room) void socket.join(room);
  socket.on('msg', (to: unknown, text: unknown) => {
    if (typeof to !== 'string' || typeof text !== 'string') return;
    socket.to(to).emit('msg', { room: to, from: socket.id, text });
  });
});

http.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${port}\n`));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
