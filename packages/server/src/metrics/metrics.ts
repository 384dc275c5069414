import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Frame types the server sends; anything else is counted as `other`, so labels stay few. */
const serverFrameTypes = new Set(['ok', 'error', 'message', 'system', 'presence', 'presences', 'typing', 'read', 'receipt', 'status', 'notify']);

/**
 * Every metric of one server, in its own registry (tests run several servers in one process).
 * Labels are low-cardinality by construction: frame and event types, route patterns, status
 * codes, kinds of refusal; never a room, a user or an address.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  // Node's process metrics, with event-loop lag (nodejs_eventloop_lag_*), heap and GC.
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  let connectionCounts = () => ({ open: 0, authenticated: 0 });
  // frameSent runs once per frame per recipient: each type's child counter is looked up once.
  const sentByType = new Map<string, { inc(): void }>();
  const metrics = {
    registry,
    wsConnections: new Gauge({
      name: 'parley_ws_connections',
      help: 'Open WebSocket connections, by state (open: all of them; authenticated: those signed in).',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const counts = connectionCounts();
        this.set({ state: 'open' }, counts.open);
        this.set({ state: 'authenticated' }, counts.authenticated);
      },
    }),
    framesReceived: new Counter({ name: 'parley_ws_frames_received_total', help: 'WebSocket frames received, by type (invalid: not a frame of the protocol).', labelNames: ['type'] as const, registers }),
    framesSent: new Counter({ name: 'parley_ws_frames_sent_total', help: 'WebSocket frames sent, by type.', labelNames: ['type'] as const, registers }),
    fanOutDeliveries: new Counter({ name: 'parley_fanout_deliveries_total', help: 'Pushed frames (entries, presence, notices) queued to a connection: one per recipient.', registers }),
    fanOutBytes: new Counter({ name: 'parley_fanout_bytes_total', help: 'Bytes of pushed frames queued to connections.', registers }),
    slowConsumerCuts: new Counter({ name: 'parley_ws_slow_consumer_disconnects_total', help: 'Connections closed because the client did not read what was queued for it.', registers }),
    heartbeatTimeouts: new Counter({ name: 'parley_ws_heartbeat_timeouts_total', help: 'Connections closed because the peer stopped answering pings.', registers }),
    rateLimited: new Counter({
      name: 'parley_rate_limited_total',
      help: 'Requests and frames refused by a rate limit, by kind (auth_address, failed_signins, ws_frames, ws_connections_per_user, metrics_auth).',
      labelNames: ['kind'] as const,
      registers,
    }),
    entriesStored: new Counter({ name: 'parley_entries_stored_total', help: 'Room events stored, by kind (message, edit, redact, reaction, and join/leave/invite/owner for member events); duplicates not counted.', labelNames: ['kind'] as const, registers }),
    storeCommitBatchSize: new Histogram({
      name: 'parley_store_commit_batch_size',
      help: 'Appends written by one group commit.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      registers,
    }),
    storeCommitSeconds: new Histogram({
      name: 'parley_store_commit_duration_seconds',
      help: 'Time one group commit took, transaction and fsync included.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, with their latency.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    signins: new Counter({ name: 'parley_signins_total', help: 'Sign-in attempts over HTTP, by result (success, failure).', labelNames: ['result'] as const, registers }),
    busPublished: new Counter({ name: 'parley_bus_published_total', help: 'Events this node published on the bus, by type.', labelNames: ['type'] as const, registers }),
    busReceived: new Counter({ name: 'parley_bus_received_total', help: 'Events received from other nodes over the bus, by type.', labelNames: ['type'] as const, registers }),
    busPublishFailures: new Counter({ name: 'parley_bus_publish_failures_total', help: 'Publications the bus could not send (other nodes repair from the database).', registers }),
    busReconnects: new Counter({ name: 'parley_bus_reconnects_total', help: 'Times the bus came back after losing its connection (each starts a repair).', registers }),
    gapFills: new Counter({ name: 'parley_sequencer_gap_fills_total', help: 'Reads from storage to fill a gap in a room\'s entries (missed on the bus, or after it came back).', registers }),
    gapRepairedEntries: new Counter({ name: 'parley_sequencer_repaired_entries_total', help: 'Entries read back from storage by gap fills.', registers }),
    buildInfo: new Gauge({ name: 'parley_build_info', help: 'Always 1; the version in a label.', labelNames: ['version'] as const, registers }),

    /** Where the connection gauge reads its numbers at scrape time (the gateway sets it). */
    countConnectionsWith(source: () => { open: number; authenticated: number }): void {
      connectionCounts = source;
    },

    /** Counts one frame queued to a connection: by type, and as a delivery when it is a push. */
    frameSent(text: string): void {
      const type = sniffType(text);
      let sent = sentByType.get(type);
      if (!sent) sentByType.set(type, (sent = metrics.framesSent.labels(type)));
      sent.inc();
      if (type !== 'ok' && type !== 'error') {
        metrics.fanOutDeliveries.inc();
        metrics.fanOutBytes.inc(byteLength(text));
      }
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What storage records: its group commits and the entries they stored. */
export type StoreMetrics = Pick<Metrics, 'storeCommitBatchSize' | 'storeCommitSeconds' | 'entriesStored'>;
/** What the fan-out records: gap fills from storage. */
export type SequencerMetrics = Pick<Metrics, 'gapFills' | 'gapRepairedEntries'>;
/** What a bus records. */
export type BusMetrics = Pick<Metrics, 'busPublished' | 'busReceived' | 'busPublishFailures' | 'busReconnects'>;

// Our frames all begin {"type":"<type>", so the type is read without parsing the frame.
function sniffType(text: string): string {
  if (!text.startsWith('{"type":"')) return 'other';
  const type = text.slice(9, text.indexOf('"', 9));
  return serverFrameTypes.has(type) ? type : 'other';
}

// Fan-out sends one text to many connections in a row: its length is measured once.
let lastText = '';
let lastBytes = 0;
function byteLength(text: string): number {
  if (text !== lastText) {
    lastText = text;
    lastBytes = Buffer.byteLength(text);
  }
  return lastBytes;
}
