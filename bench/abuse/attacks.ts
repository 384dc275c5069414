import { Agent } from 'node:http';
import { limits } from '@parley/protocol';
import { userPhone } from '../servers/population.js';
import type { AbuseAccounts, AbuseSeed } from './abuse-seed.js';
import { AttackSocket, httpLoop, socketLoop, tally, type AttackTally } from './attack-loops.js';
import { slowBodies } from './slow-body.js';

/** Where the attacker connects from; the bystander has an address of its own. */
export const attackerAddress = '127.0.0.1';
/** Frames a second per attacker socket: just under the server's 100 a second per connection. */
const framesPerSecond = 95;

/** One attack: the state it starts from, and how to run it once its connections are open. */
export interface Attack {
  id: string;
  title: string;
  /** What the attacker does, for the report. */
  description: string;
  seed: AbuseSeed;
  /** Opens the attacker's connections; the returned function runs the attack until `until` (performance.now()). */
  prepare(port: number, accounts: AbuseAccounts): Promise<(until: number) => Promise<AttackTally[]>>;
}

const directoryUsers = 200_000;
const attackerRooms = 1950;

export const attacks: Attack[] = [
  {
    id: 'none',
    title: 'No attack (baseline)',
    description: 'The bystander alone, for comparison.',
    seed: {},
    async prepare() {
      return async (until) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - performance.now())));
        return [];
      };
    },
  },
  {
    id: 'room-list',
    title: 'Groups, then the room list',
    description:
      `The attacker already belongs to ${attackerRooms.toLocaleString('en-US')} public rooms, each with a ${limits.textMax.toLocaleString('en-US')}-character last message ` +
      `(the per-user cap is 2,000 rooms: reachable within the defaults, e.g. by joining public rooms at 60 a minute for half an hour). One socket sends \`create_group\` ` +
      `as fast as the frame limit lets it (${framesPerSecond}/s) while 8 loops fetch \`GET /api/me/rooms\` back to back, following \`next\` through every page (${limits.myRoomsPageMax} rooms a page).`,
    seed: { attackerRooms },
    async prepare(port, { attacker, owner }) {
      const creator = await AttackSocket.open(port, attacker.token, attackerAddress);
      const agent = new Agent({ keepAlive: true, maxSockets: 8, localAddress: attackerAddress });
      return async (until) => {
        const creates = tally('create_group (WebSocket)');
        const lists = tally('GET /api/me/rooms');
        let group = 0;
        const list = async () => {
          let cursor: string | null = null;
          await httpLoop(port, attacker.token, agent, lists, until, () => `/api/me/rooms?limit=${limits.myRoomsPageMax}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, (body) => {
            cursor = (body as { next: string | null }).next;
          });
        };
        await Promise.all([socketLoop(creator, creates, until, framesPerSecond, () => ({ type: 'create_group', room: `grp ${++group}`, members: [owner.phone] })), ...Array.from({ length: 8 }, list)]);
        creator.close();
        agent.destroy();
        return [creates, lists];
      };
    },
  },
  {
    id: 'user-search',
    title: 'Digit searches over a big directory',
    description:
      `${directoryUsers.toLocaleString('en-US')} users, written through the storage API before the server starts; the attacker shares a room with 2,000 of them, so that digit prefixes find full pages. ` +
      '16 loops send `GET /api/users?q=<1 to 5 leading digits of a random user\'s phone>` back to back.',
    seed: { directoryUsers, attackerCoMembers: 2000 },
    async prepare(port, { attacker }) {
      const agent = new Agent({ keepAlive: true, maxSockets: 16, localAddress: attackerAddress });
      return async (until) => {
        const searches = tally('GET /api/users?q=<digits>');
        const prefix = () => userPhone(Math.floor(Math.random() * directoryUsers)).slice(0, 1 + Math.floor(Math.random() * 5));
        await Promise.all(Array.from({ length: 16 }, () => httpLoop(port, attacker.token, agent, searches, until, () => `/api/users?q=${prefix()}`)));
        agent.destroy();
        return [searches];
      };
    },
  },
  {
    id: 'history',
    title: 'History paging in a big room',
    description: `The room holds 4,000 messages of ${limits.textMax.toLocaleString('en-US')} characters. 10 sockets of the attacker page through it with \`history\` frames of the largest page (${limits.historyMax}), each as fast as the frame limit lets it (${framesPerSecond}/s), starting again from the newest at the end.`,
    seed: { archiveMessages: 4000 },
    async prepare(port, { attacker }) {
      const sockets = await Promise.all(Array.from({ length: 10 }, () => AttackSocket.open(port, attacker.token, attackerAddress)));
      return async (until) => {
        const pages = tally('history, 200 a page (WebSocket)');
        await Promise.all(
          sockets.map((socket) => {
            let before: number | undefined;
            return socketLoop(socket, pages, until, framesPerSecond, () => ({ type: 'history', room: 'Archive', limit: limits.historyMax, ...(before ? { before } : {}) }), (reply) => {
              // Newest first: the last "seq" of a full page is where the next one starts; a page
              // too small to be sent unparsed is the end of the room.
              const raw = reply.raw;
              const last = raw ? Number(/^"seq":(\d+)/.exec(raw.slice(raw.lastIndexOf('"seq":')))?.[1]) : NaN;
              before = Number.isFinite(last) && last > 1 ? last : undefined;
            });
          }),
        );
        for (const socket of sockets) socket.close();
        return [pages];
      };
    },
  },
  {
    id: 'slow-body',
    title: 'Slow request bodies',
    description: '300 connections from one address each start a `POST /api/signin` with `Content-Length: 60000` (under the 64 KiB body limit) and send one byte of the body a second.',
    seed: {},
    async prepare(port) {
      return async (until) => [await slowBodies(port, 300, attackerAddress, until)];
    },
  },
];
