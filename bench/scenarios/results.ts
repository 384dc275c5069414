import type { AttackTally } from '../abuse/attack-loops.js';
import type { LatencySummary } from '../load/latency.js';
import type { TargetName } from '../servers/targets.js';

/** One measured window of one server under one offered load. */
export interface StepResult {
  offeredDeliveries: number;
  offeredMessages: number;
  /** Deliveries that arrived during the send window, per second. */
  deliveredPerSec: number;
  latency: LatencySummary;
  /** Parley only: durable acks per second in the window, and their latency. */
  storedPerSec: number | null;
  ackLatency: LatencySummary | null;
  /** Messages the timed clients never got (after the drain), plus gaps seen in seqs/counts. */
  lost: number;
  /** Server CPU over the window, in cores (1 = one core busy). */
  serverCpu: number;
  serverRssMb: number;
  /** Generator CPU over the window, in cores, and how late it sent (p99, ms). */
  generatorCpu: number;
  sendLagP99: number;
  /** CPU on each core used by processes other than the server (core 0) and the generator (core 1): other jobs on the machine. */
  foreignCpu: [number, number];
  /** Connections the server dropped during the step. */
  dropped: number;
}

export interface ScenarioRun {
  target: TargetName;
  connected: number;
  failed: number;
  steps: StepResult[];
  /** Parley: messages in the rooms' history after the run, against acks counted. */
  storedAfterRun: number | null;
  acksTotal: number | null;
  note?: string;
}

export interface CapacityRun {
  target: TargetName;
  attempted: number;
  connected: number;
  stillOpen: number;
  baseRssMb: number;
  finalRssMb: number;
  bytesPerConnection: number;
  seconds: number;
  samples: { connections: number; rssMb: number }[];
  firstError: string | null;
}

/** One attack of the abuse scenario: what the bystander measured while it ran, and what the attacker got. */
export interface AbuseRun {
  id: string;
  title: string;
  description: string;
  seconds: number;
  /** Seconds spent writing the attack's starting state (before the server starts, not measured). */
  seedSeconds: number;
  ping: LatencySummary;
  /** The pings timed from when they went out rather than when they were due. */
  pingFromSend: LatencySummary;
  health: LatencySummary;
  /** Bystander requests still unanswered at the end (counted in the histograms at their wait). */
  unanswered: number;
  /** How late the bystander sent, p99 (ms). */
  bystanderLagP99: number;
  attackers: AttackTally[];
  serverCpu: number;
  /** The server's event-loop delay over the window (ms), from its own metrics. */
  serverLoopDelay: { p99: number; max: number };
  serverRssMb: number;
  generatorCpu: number;
  foreignCpu: [number, number];
}

export interface BenchResults {
  quick: boolean;
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; fdLimit: string; kernel: string };
  scenarios: Record<string, { title: string; description: string; runs: ScenarioRun[] }>;
  sweep: { description: string; runs: ScenarioRun[] };
  capacity: { description: string; runs: CapacityRun[] };
  store: string | null;
  /** bench/presence-typing.ts's report (JSON), when it ran. */
  presence?: string | null;
  /** The abuse scenario (`--only=abuse`), when it ran. */
  abuse?: { description: string; goalP99Ms: number; runs: AbuseRun[]; notes: string[] } | null;
  notes: string[];
}
