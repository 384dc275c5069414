#!/usr/bin/env node
import { SetupError, startServer, type RunningServer } from './app.js';
import { RedisUnavailableError } from './bus/redis-bus.js';
import { DatabaseUnavailableError } from './storage/postgres/open-pool.js';
import { ConfigError, readConfig, usage } from './config.js';
import { createLogger } from './log.js';
import { DataDirError } from './storage/sqlite/open-database.js';

/** Turns a start-up failure into one sentence an operator can act on. */
function explain(error: unknown, port: number): string | null {
  if (error instanceof ConfigError || error instanceof DataDirError || error instanceof SetupError || error instanceof DatabaseUnavailableError || error instanceof RedisUnavailableError) {
    return error.message;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `Port ${port} is already in use; stop the other server or choose another port with PORT or --port.`;
  if (code === 'EACCES') return `Not allowed to listen on port ${port}; choose a port above 1023 with PORT or --port.`;
  if (code === 'EADDRNOTAVAIL') return `The address to listen on is not available on this machine; check PARLEY_HOST or --host.`;
  return null;
}

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`parley: ${explain(error, 0) ?? String(error)}\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const log = createLogger(config.logLevel);
  // Handlers go in first: a signal that arrives while starting must still end in a clean close.
  let server: RunningServer | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    if (!server) return; // closed as soon as start-up finishes, below
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    server = await startServer({
      dataDir: config.dataDir,
      port: config.port,
      host: config.host,
      allowedOrigins: config.allowedOrigins,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      sessionPolicy: config.sessionPolicy,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      ...(config.redisPrefix ? { redisPrefix: config.redisPrefix } : {}),
      logger: log,
    });
  } catch (error) {
    const sentence = explain(error, config.port);
    if (!sentence) throw error;
    process.stderr.write(`parley: ${sentence}\n`);
    process.exit(1);
  }
  if (stopping) {
    // A signal came while starting: close what was just opened.
    await server.close();
    process.exit(0);
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  process.stdout.write(`Parley listening on http://${shown}:${server.port} (WebSocket at /ws)\n`);
  const hint = config.databaseUrl ? '' : ' (set PARLEY_DATA_DIR or --data-dir to move it)';
  process.stdout.write(`Data: ${server.storage.location}${hint}\n`);
  if (config.redisUrl) process.stdout.write(`Node ${server.nodeId}: fan-out, presence and sign-outs shared through Redis\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`parley: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
