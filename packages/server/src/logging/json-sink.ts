import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { leveled, type LogLevel, type Logger } from '../log.js';
import { foldRepeats } from './fold-repeats.js';

const behind = new WeakMap<Logger, Pino>();

/**
 * JSON lines for log collectors (one object a line: time, level, msg, context; requests carry
 * their reqId), through pino, the logger Fastify uses: the server's own events and Fastify's
 * share one stream. Written synchronously, so that nothing is lost when the process exits.
 */
export function createJsonLogger(level: LogLevel, destination: DestinationStream = pino.destination({ dest: 2, sync: true })): Logger {
  const instance = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
      // Fastify's own lines may carry a request; its credentials never reach the log.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
    },
    destination,
  );
  const log = leveled(
    level,
    foldRepeats((l, message, context) => (context ? instance[l](context, message) : instance[l](message))),
  );
  behind.set(log, instance);
  return log;
}

/** The pino instance behind a JSON logger (for Fastify), or undefined for any other logger. */
export function pinoBehind(log: Logger): Pino | undefined {
  return behind.get(log);
}
