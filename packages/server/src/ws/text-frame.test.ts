import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame } from './text-frame.js';

describe('textFrame', () => {
  it('encodes the three payload-length forms', () => {
    expect([...textFrame('hi')]).toEqual([0x81, 2, 0x68, 0x69]);
    const medium = textFrame('x'.repeat(300));
    expect([medium[0], medium[1], medium.readUInt16BE(2), medium.length]).toEqual([0x81, 126, 300, 304]);
    const large = textFrame('y'.repeat(70_000));
    expect([large[0], large[1], Number(large.readBigUInt64BE(2)), large.length]).toEqual([0x81, 127, 70_000, 70_010]);
  });

  it('produces frames that a real WebSocket client reads as the same text, multi-byte characters included', async () => {
    const texts = ['hi', 'ünïcødé ✓ 🎉'.repeat(20), 'z'.repeat(70_000)];
    const wss = new WebSocketServer({ noServer: true });
    const http = createServer();
    http.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, () => texts.forEach((t) => socket.write(textFrame(t)))));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const received: string[] = [];
    await new Promise<void>((resolve) => {
      client.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        received.push(data.toString());
        if (received.length === texts.length) resolve();
      });
    });
    expect(received).toEqual(texts);
    client.close();
    wss.close();
    http.close();
  });
});
