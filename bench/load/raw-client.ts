import { connect, type Socket } from 'node:net';
import { pongFrame, ServerFrameParser } from './ws-frames.js';

/** Shared read buffer of every byte-counting client: reads are synchronous, nothing is kept. */
const sinkBuffer = Buffer.alloc(256 * 1024);

export interface RawClientOptions {
  port: number;
  /** Request path, query included. */
  path: string;
  /** 'sink' only counts bytes; 'parse' splits frames and calls onText. */
  mode: 'sink' | 'parse';
  /** Sent right after the 101 (auth frame, Socket.IO connect). */
  hello?: Buffer;
  /** Decides from the first bytes after the handshake whether the session is up; true = ready. */
  ready: (prefix: string) => boolean | 'failed';
  onText?: (text: string, wireBytes: number) => void;
}

/**
 * A WebSocket client made of a TCP socket: does the upgrade itself, then either only counts
 * bytes (most room members) or parses text frames (the timed clients).
 */
export class RawClient {
  /** Bytes received after the handshake. */
  bytes = 0;
  closed = false;
  isReady = false;
  readonly opened: Promise<void>;
  private readonly socket: Socket;
  private header = '';
  private prefix = '';
  private upgraded = false;
  private parser: ServerFrameParser | null = null;

  constructor(private readonly options: RawClientOptions) {
    let settle!: (error?: Error) => void;
    this.opened = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    if (options.mode === 'parse') {
      this.parser = new ServerFrameParser(options.onText ?? (() => {}), () => this.socket.end());
    }
    const onBytes = (chunk: Buffer) => this.onBytes(chunk, settle);
    this.socket =
      options.mode === 'sink'
        ? connect({ host: '127.0.0.1', port: options.port, onread: { buffer: sinkBuffer, callback: (n) => (onBytes(sinkBuffer.subarray(0, n)), true) } })
        : connect({ host: '127.0.0.1', port: options.port });
    if (options.mode === 'parse') this.socket.on('data', onBytes);
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${options.path} HTTP/1.1\r\nHost: 127.0.0.1:${options.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: cGFybGV5LWJlbmNoLWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    this.socket.on('error', (error) => settle(error));
    this.socket.on('close', () => {
      this.closed = true;
      settle(new Error(`closed before ready (${this.prefix.slice(0, 120) || this.header.slice(0, 60)})`));
    });
  }

  write(data: Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  /** An unsolicited pong: keeps the server's heartbeat content without reading its pings. */
  keepAlive(): void {
    this.write(pongFrame);
  }

  close(): void {
    this.socket.destroy();
  }

  private onBytes(chunk: Buffer, settle: (error?: Error) => void): void {
    if (!this.upgraded) {
      this.header += chunk.toString('latin1');
      const end = this.header.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!this.header.startsWith('HTTP/1.1 101')) {
        settle(new Error(`upgrade refused: ${this.header.split('\r\n')[0]}`));
        this.socket.destroy();
        return;
      }
      this.upgraded = true;
      const rest = Buffer.from(this.header.slice(end + 4), 'latin1');
      this.header = '';
      if (this.options.hello) this.socket.write(this.options.hello);
      this.checkReady('', settle);
      if (rest.length > 0) this.onBytes(rest, settle);
      return;
    }
    this.bytes += chunk.length;
    if (!this.isReady) this.checkReady(chunk.toString('latin1'), settle);
    this.parser?.push(chunk);
  }

  private checkReady(more: string, settle: (error?: Error) => void): void {
    if (this.prefix.length < 8192) this.prefix += more;
    const verdict = this.options.ready(this.prefix);
    if (verdict === 'failed') {
      settle(new Error(`session refused: ${this.prefix.slice(0, 160)}`));
      this.socket.destroy();
    } else if (verdict) {
      this.isReady = true;
      this.prefix = '';
      settle();
    }
  }
}
