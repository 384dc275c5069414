import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { fastifyLoggerFor, loggerOver } from './fastify-logger.js';
import { createJsonLogger, pinoBehind } from './json-sink.js';

function jsonLines(level: 'debug' | 'info' | 'warn' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createJsonLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('the loggers', () => {
  it('write human lines with key=value context, and drop what is below the level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.debug('hidden');
    log.info('repair done', { rooms: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\S+Z INFO repair done rooms=3$/);
  });

  it('write one JSON object per event, an error with its stack', () => {
    const { log, lines } = jsonLines();
    log.error('frame handling failed', { error: new Error('boom'), connId: 'ab:1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'frame handling failed', connId: 'ab:1', error: { message: 'boom', type: 'Error' } });
    expect((lines[0]!.error as { stack: string }).stack).toContain('logging.test.ts');
  });

  it('take tokens, passwords, phone numbers and text out of any context, however it was written', () => {
    const human: string[] = [];
    const { log, lines } = jsonLines();
    for (const target of [log, createLogger('info', (line) => human.push(line))]) {
      target.warn('careless call', { token: 'T0KEN', user: { phone: '15550100', name: 'Ann' }, body: { password: 'pw' }, text: 'hello', members: [{ phone: '1' }] });
    }
    for (const line of [JSON.stringify(lines[0]), human[0]!]) {
      expect(line).not.toMatch(/T0KEN|15550100|"pw"|hello/);
      expect(line).toContain('Ann');
    }
  });

  it("give Fastify the pino behind a JSON logger, whose request children carry the reqId, redacted too", () => {
    const { log, lines } = jsonLines();
    const fastify = fastifyLoggerFor(log);
    expect(fastify).toBe(pinoBehind(log));
    loggerOver(fastify.child({ reqId: 'n-1' })).error('unexpected error', { authorization: 'Bearer x', route: '/api/me' });
    expect(lines[0]).toMatchObject({ reqId: 'n-1', msg: 'unexpected error', authorization: '[redacted]', route: '/api/me' });
  });

  it('give Fastify an adapter over a human logger, with its bindings on each line', () => {
    const human: string[] = [];
    const fastify = fastifyLoggerFor(createLogger('debug', (line) => human.push(line)));
    fastify.child({ reqId: 'n-2' }).info({ status: 200 }, 'request completed');
    fastify.info('Server listening');
    expect(human[0]).toMatch(/INFO request completed reqId="n-2" status=200$/);
    expect(human[1]).toMatch(/INFO Server listening$/);
  });
});
