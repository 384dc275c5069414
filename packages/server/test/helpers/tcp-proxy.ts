import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP forwarder on loopback, standing in for the network between Parley and a service (or a
 * load balancer in front of nodes): `cut()` drops every connection and refuses new ones, as an
 * outage would; `restore()` accepts again; `target` may change to fail over.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(public targets: { host: string; port: number }[]) {}

  async start(port = 0): Promise<void> {
    const server = createServer((inbound) => this.forward(inbound));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  /** Drops every open connection and stops accepting. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    await this.start(this.port);
  }

  private forward(inbound: Socket): void {
    const target = this.targets[Math.floor(Math.random() * this.targets.length)];
    if (!target) return void inbound.destroy();
    const outbound = connect(target.port, target.host);
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  }
}
