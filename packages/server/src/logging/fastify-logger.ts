import type { FastifyBaseLogger } from 'fastify';
import type { EventLevel, Logger } from '../log.js';
import { pinoBehind } from './json-sink.js';
import { redactContext } from './redact.js';

type Method = (first: unknown, ...rest: unknown[]) => void;
type PinoLike = Record<EventLevel, Method>;

/** A pino-style call, `(context, message)` or `(message)`, as our (message, context). */
function split(first: unknown, rest: unknown[]): [string, Record<string, unknown> | undefined] {
  if (typeof first === 'string') return [first, undefined];
  if (first instanceof Error) return [typeof rest[0] === 'string' ? rest[0] : first.message, { error: first }];
  const context = (first ?? {}) as Record<string, unknown>;
  const { err, ...others } = context;
  return [typeof rest[0] === 'string' ? rest[0] : '', err !== undefined ? { ...others, error: err } : others];
}

/** Fastify's logger interface over one of ours (the human one), bindings such as reqId added to each line. */
function fastifyOver(log: Logger, bindings: Record<string, unknown> = {}): FastifyBaseLogger {
  const at =
    (level: EventLevel): Method =>
    (first, ...rest) => {
      const [message, context] = split(first, rest);
      log[level](message, Object.keys(bindings).length > 0 || context ? { ...bindings, ...context } : undefined);
    };
  const self = {
    level: 'debug',
    trace: () => {},
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('error'),
    silent: () => {},
    child: (more: Record<string, unknown>) => fastifyOver(log, { ...bindings, ...more }),
  };
  return self as unknown as FastifyBaseLogger;
}

/** The logger Fastify should use: the very pino behind a JSON logger, or an adapter over any other. */
export function fastifyLoggerFor(log: Logger): FastifyBaseLogger {
  return pinoBehind(log) ?? fastifyOver(log);
}

/** One of our Loggers over a request's Fastify logger, so that what it logs carries the request id. */
export function loggerOver(requestLog: FastifyBaseLogger): Logger {
  const target = requestLog as unknown as PinoLike;
  const at = (level: EventLevel) => (message: string, context?: Record<string, unknown>) =>
    context ? target[level](redactContext(context), message) : target[level](message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
