import type { RoomLayout } from './room-load.js';

/** A scenario at one fixed offered load. */
export interface FixedScenario {
  id: string;
  title: string;
  description: string;
  layout: RoomLayout;
  deliveriesPerSec: number;
}

export const fixedScenarios: FixedScenario[] = [
  {
    id: 'small-rooms',
    title: 'Many small rooms',
    description: '2,000 clients in 200 rooms of 10; in each room 1 timed client, 8 byte-counting sinks and 1 sender; 100,000 deliveries/s offered (11,111 messages/s, 56 per sender per second).',
    layout: { rooms: 200, roomSize: 10, timedPerRoom: 1, sendersPerRoom: 1 },
    deliveriesPerSec: 100_000,
  },
  {
    id: 'big-room',
    title: 'One big room',
    description: '2,000 members in one room: 20 timed clients, 3 senders, 1,977 sinks; 100,000 deliveries/s offered (50 messages/s, each to 1,999 members).',
    layout: { rooms: 1, roomSize: 2000, timedPerRoom: 20, sendersPerRoom: 3 },
    deliveriesPerSec: 100_000,
  },
  {
    id: 'private-chats',
    title: 'Private chats',
    description: '1,000 pairs (Parley: private chats, kind `direct`); in each pair one member sends 10 messages/s and the other times them; 10,000 deliveries/s offered.',
    layout: { rooms: 1000, roomSize: 2, timedPerRoom: 1, sendersPerRoom: 1, direct: true },
    deliveriesPerSec: 10_000,
  },
];

/** The rate sweep: the big room with enough senders for the top step at ≤ 80 messages/s each. */
export const sweepLayout: RoomLayout = { rooms: 1, roomSize: 2000, timedPerRoom: 20, sendersPerRoom: 16 };
export const sweepSteps = [25_000, 50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 650_000, 800_000, 1_000_000, 1_250_000, 1_500_000, 2_000_000, 2_500_000];
export const quickSweepSteps = [50_000, 200_000, 500_000, 1_000_000];
/** A step passes when p99 stays under this and deliveries keep up with the offer. */
export const sweepP99LimitMs = 50;
export const sweepKeepUp = 0.95;
