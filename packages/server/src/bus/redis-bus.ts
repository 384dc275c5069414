import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { BusMetrics } from '../metrics/metrics.js';
import type { Bus, BusEvent } from './bus.js';

export interface RedisBusOptions {
  url: string;
  /** Key and channel prefix, so that several deployments (or test runs) share one Redis. */
  prefix: string;
  /** This node's id: its own publications come back from Redis and are skipped. */
  nodeId: string;
  log: Logger;
  metrics?: BusMetrics;
}

interface Envelope {
  /** The publishing node. */
  o: string;
  e: BusEvent;
}

/** Connects, or throws one sentence for the operator. */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  // No offline queue: while Redis is away, a publish fails at once instead of piling up;
  // clients close the gap from the database anyway.
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(`Cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(error as Error).message}.`);
  }
  return redis;
}

/** Thrown when Redis cannot be used at start-up; its message is one sentence for the operator. */
export class RedisUnavailableError extends Error {}

/**
 * Fan-out between nodes over Redis pub/sub. An event is delivered to this node's handlers at
 * once (keeping its order with the node's other events) and published for the other nodes;
 * one channel from one publisher keeps their order too. Redis loses publications while a node
 * is disconnected, so each reconnection triggers a resync from the database.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const channel = `${options.prefix}events`;
  const handlers = new Set<(event: BusEvent) => void>();
  const resyncHandlers = new Set<() => void>();
  const publisher = await connectRedis(options.url, `parley-pub-${options.nodeId}`);
  const subscriber = await connectRedis(options.url, `parley-sub-${options.nodeId}`);
  let connected = true;
  let closing = false;

  const dispatch = (event: BusEvent) => {
    for (const handler of handlers) handler(event);
  };

  subscriber.on('message', (_channel: string, text: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === options.nodeId) return;
    options.metrics?.busReceived.inc({ type: envelope.e.type });
    dispatch(envelope.e);
  });
  subscriber.on('close', () => {
    if (!connected || closing) return;
    connected = false;
    options.log.warn('lost the connection to Redis; live events from other nodes pause until it is back');
  });
  // ioredis resubscribes by itself on reconnect; 'ready' then says we are listening again.
  subscriber.on('ready', () => {
    if (connected) return;
    connected = true;
    options.log.info('reconnected to Redis; repairing what may have been missed');
    options.metrics?.busReconnects.inc();
    for (const handler of resyncHandlers) handler();
  });
  await subscriber.subscribe(channel);

  return {
    publish(event) {
      dispatch(event);
      options.metrics?.busPublished.inc({ type: event.type });
      publisher.publish(channel, JSON.stringify({ o: options.nodeId, e: event } satisfies Envelope)).catch(() => {
        options.metrics?.busPublishFailures.inc();
        // Other nodes miss it; they repair from the database when their bus comes back.
      });
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onResync(handler) {
      resyncHandlers.add(handler);
      return () => resyncHandlers.delete(handler);
    },
    async close() {
      handlers.clear();
      resyncHandlers.clear();
      closing = true;
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
