import { describe, expect, it } from 'vitest';
import { connectRaw, signUp, testServices, useTwoNodes } from './helpers.js';

const services = testServices();
const { databaseUrl, redisUrl, skipReason } = services;

describe.skipIf(!databaseUrl || !redisUrl)('look-alike room names created on two nodes at the same moment', () => {
  const nodes = useTwoNodes(services);

  it('creates one of each pair and refuses the other with room_exists, never internal', async () => {
    const { a, b } = nodes;
    const tag = Date.now().toString(36);
    let [onA, onB] = [await connectRaw(a, (await signUp(a)).token), await connectRaw(b, (await signUp(b)).token)];
    for (let i = 0; i < 16; i++) {
      // Room creation is rate-limited per user: a fresh pair of people every few tries.
      if (i > 0 && i % 4 === 0) [onA, onB] = [await connectRaw(a, (await signUp(a)).token), await connectRaw(b, (await signUp(b)).token)];
      // Latin "Race" on one node, Cyrillic "Rаce" (а is U+0430) on the other.
      const replies = await Promise.all([onA.request({ type: 'create_room', room: `Race ${tag} ${i}` }), onB.request({ type: 'create_room', room: `R\u0430ce ${tag} ${i}` })]);
      expect(replies.map((r) => (r.type === 'ok' ? 'ok' : r.code)).sort(), `pair ${i}`).toEqual(['ok', 'room_exists']);
    }
  }, 60_000);
});

if (!databaseUrl || !redisUrl) {
  describe('look-alike room names created on two nodes at the same moment', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
