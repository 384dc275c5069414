/**
 * The two halves of RFC 6455 the load generator needs, written by hand so that a client costs
 * a few bytes of state: client frames masked with an all-zero key (legal, and the payload
 * needs no XOR), and a parser for the unmasked frames a server sends.
 */

export const opcodes = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One final, masked (zero key) client frame. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const ext = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const frame = Buffer.alloc(2 + ext + 4 + len);
  frame[0] = 0x80 | opcode;
  if (ext === 0) frame[1] = 0x80 | len;
  else if (ext === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  // Mask key bytes stay zero.
  payload.copy(frame, 2 + ext + 4);
  return frame;
}

export function textFrame(text: string): Buffer {
  return clientFrame(opcodes.text, Buffer.from(text, 'utf8'));
}

export const pongFrame = clientFrame(opcodes.pong, Buffer.alloc(0));

/** Splits a server's byte stream into frames; calls back per complete text frame with its wire size. */
export class ServerFrameParser {
  private pending: Buffer | null = null;

  constructor(
    private readonly onText: (text: string, wireBytes: number) => void,
    private readonly onClose: () => void,
  ) {}

  push(chunk: Buffer): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    // Bounded: every pass consumes at least one whole frame or stops.
    while (buf.length - at >= 2) {
      const b0 = buf[at]!;
      const b1 = buf[at + 1]!;
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (buf.length - at < 4) break;
        len = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (buf.length - at < 10) break;
        len = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (buf.length - at < head + len) break;
      const opcode = b0 & 0x0f;
      if (opcode === opcodes.text) this.onText(buf.toString('utf8', at + head, at + head + len), head + len);
      else if (opcode === opcodes.close) this.onClose();
      at += head + len;
    }
    if (at < buf.length) this.pending = buf.subarray(at);
    buf = chunk; // drop the reference to a concatenated buffer early
  }
}
