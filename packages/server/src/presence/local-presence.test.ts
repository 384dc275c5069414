import { describe } from 'vitest';
import { createLocalPresence } from './local-presence.js';
import { presenceContract } from './presence.contract.js';

describe('local presence', () => {
  presenceContract('Local', async () => {
    const presence = createLocalPresence();
    return { nodes: [presence], close: () => presence.close() };
  });
});
