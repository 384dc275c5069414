import { SetupError, startServer, type RunningServer } from '../app.js';
import { RedisUnavailableError } from '../bus/redis-bus.js';
import { optionsUsage } from '../config/options.js';
import { ConfigError } from '../config/read-config.js';
import { createProcessLogger } from '../logging/process-logger.js';
import { DatabaseUnavailableError } from '../storage/postgres/open-pool.js';
import { DataDirError } from '../storage/sqlite/open-database.js';
import { complain, say, type Command } from './command.js';
import { loadCommandConfig } from './load-command-config.js';

export const serveUsage = `Usage: parley [serve] [options]     (or: npm start -- [options])

Options (each also settable by the environment variable named, or in a --config file):
${optionsUsage()}
  --help                  show this text`;

/** Turns a start-up failure into one sentence an operator can act on, or null for a bug. */
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

/** Runs the server until SIGINT or SIGTERM, then closes it cleanly and exits. */
async function serve(argv: string[]): Promise<number> {
  const loaded = loadCommandConfig(argv, serveUsage);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  const log = createProcessLogger(config.logLevel, config.logFormat);
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
      chat: { presence: { graceMs: config.presenceGraceMs } },
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      ...(config.redisPrefix ? { redisPrefix: config.redisPrefix } : {}),
      ...(config.s3 ? { s3: config.s3 } : {}),
      metrics: { token: config.metricsToken, port: config.metricsPort, host: config.metricsHost },
      logger: log,
    });
  } catch (error) {
    const sentence = explain(error, config.port);
    if (!sentence) throw error;
    complain(sentence);
    return 1;
  }
  if (stopping) {
    // A signal came while starting: close what was just opened.
    await server.close();
    return 0;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  say(`Parley listening on http://${shown}:${server.port} (WebSocket at /ws)`);
  const hint = config.databaseUrl ? '' : ' (set PARLEY_DATA_DIR or --data-dir to move it)';
  say(`Data: ${server.storage.location}${hint}`);
  if (config.redisUrl) say(`Node ${server.nodeId}: fan-out, presence and sign-outs shared through Redis`);
  if (server.metricsPort !== undefined) say(`Metrics on http://${config.metricsHost}:${server.metricsPort}/metrics`);
  else if (config.metricsToken) say('Metrics at /metrics for the bearer of the metrics token');
  // Keeps running: the signal handlers above end the process.
  return new Promise<number>(() => {});
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the server (the default when no command is given; as npm start does)',
  run: serve,
};
