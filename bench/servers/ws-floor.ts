/**
 * The floor: a `ws` server that forwards every text frame, untouched, to the other members of
 * the sender's room (named in the URL query). No auth, no storage, no validation: what Node and
 * the kernel cost. Run: `node --import tsx ws-floor.ts <port>`.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 6791);
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (ws, request) => {
  const room = new URL(request.url ?? '/', 'http://x').searchParams.get('room') ?? '';
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const member of members) if (member !== ws) member.send(data, { binary: isBinary });
  });
  ws.on('close', () => members.delete(ws));
});

wss.on('listening', () => process.stdout.write(`ready ${port}\n`));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
