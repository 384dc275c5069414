import WebSocket from 'ws';

/** Any frame the server sent, parsed from JSON. */
export type Frame = Record<string, any>;

export type FramePredicate = (frame: Frame) => boolean;

export interface Closed {
  code: number;
  reason: string;
}

interface Waiter {
  predicate: FramePredicate;
  resolve: (frame: Frame) => void;
}

const open = new Set<RawSocket>();
/** Sockets opened inside the running test (not in a hook): closed when it ends. */
let testScope: Set<RawSocket> | null = null;

/** Closes every socket the helpers opened (called before a test server stops). */
export function closeAllSockets(): void {
  for (const socket of open) void socket.close();
  open.clear();
}

/** From now on, sockets belong to the test that is starting. */
export function beginTestScope(): void {
  testScope = new Set();
}

/** Closes the sockets the finished test opened; those opened in hooks stay open. */
export async function endTestScope(): Promise<void> {
  const scope = testScope;
  testScope = null;
  if (scope) await Promise.all([...scope].map((socket) => socket.close()));
}

/** Frames are matched on these fields being equal; e.g. `{ type: 'message', room }`. */
export function matching(fields: Frame): FramePredicate {
  return (frame) => Object.entries(fields).every(([key, value]) => JSON.stringify(frame[key]) === JSON.stringify(value));
}

const defaultTimeoutMs = 4000;

/**
 * A plain `ws` WebSocket with a queue of the frames it received: `next` takes the first unread
 * frame that matches (waiting for it if need be), `received` looks at everything seen so far.
 */
export class RawSocket {
  /** Every frame received, in order, including those already taken by `next`. */
  readonly log: Frame[] = [];
  /** Text frames that were not JSON (the server should never send any). */
  readonly garbage: string[] = [];
  readonly closed: Promise<Closed>;
  private readonly unread: Frame[] = [];
  private waiters: Waiter[] = [];
  private nextId = 1;
  private isClosed = false;

  private constructor(readonly ws: WebSocket) {
    open.add(this);
    testScope?.add(this);
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.isClosed = true;
        open.delete(this);
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {
      // A close event always follows; tests look at the close code.
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      let frame: Frame;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        this.garbage.push(text);
        return;
      }
      this.log.push(frame);
      const waiter = this.waiters.find((w) => w.predicate(frame));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(frame);
      } else {
        this.unread.push(frame);
      }
    });
  }

  /** Opens a socket to the server's /ws and waits until it is open (not authenticated). */
  static async open(wsUrl: string): Promise<RawSocket> {
    const ws = new WebSocket(wsUrl);
    const socket = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }

  get isOpen(): boolean {
    return !this.isClosed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends an object as JSON, or a string exactly as given. */
  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a frame with an id (one is added if missing) and waits for the ok or error that echoes it. */
  async request(frame: Frame, timeoutMs = defaultTimeoutMs): Promise<Frame> {
    const id = frame.id ?? `r${this.nextId++}`;
    this.send({ ...frame, id });
    return this.next((f) => (f.type === 'ok' || f.type === 'error') && f.id === id, timeoutMs, `the reply to ${JSON.stringify({ ...frame, id }).slice(0, 200)}`);
  }

  /** Like `request`, but fails unless the reply is ok. */
  async ok(frame: Frame): Promise<Frame> {
    const reply = await this.request(frame);
    if (reply.type !== 'ok') throw new Error(`Expected ok for ${JSON.stringify(frame).slice(0, 200)}, got ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Takes the first unread frame that matches, waiting up to `timeoutMs` for one to arrive. */
  next(predicate: FramePredicate, timeoutMs = defaultTimeoutMs, what = 'a matching frame'): Promise<Frame> {
    const index = this.unread.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.log.map((f) => JSON.stringify(f).slice(0, 160)).join('\n  ');
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Frames received:\n  ${seen || '(none)'}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Every frame received so far that matches. */
  received(predicate: FramePredicate): Frame[] {
    return this.log.filter(predicate);
  }

  /** Waits for the server to close the connection. */
  async waitClosed(timeoutMs = defaultTimeoutMs): Promise<Closed> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The server did not close the connection within ${timeoutMs} ms.`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes from the client side and waits until the close completes. */
  async close(): Promise<void> {
    if (!this.isClosed) this.ws.close(1000);
    await this.closed;
  }
}
