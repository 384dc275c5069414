import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../packages/server/dist/main.js', import.meta.url));

/** The real server as its own process (the built main.js), killable at any instant. */
export class ServerProcess {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it listens. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [mainJs, '--port', String(this.port), '--host', '127.0.0.1', '--data-dir', this.dataDir, '--log-level', 'error'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Parley listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${stderr.trim()}`)));
    });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed but what the database already committed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  /** SIGTERM, and the exit code it ended with. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    this.child = null;
    return exited;
  }
}
