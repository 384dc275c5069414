import { busContract } from './bus.contract.js';
import { createLocalBus } from './local-bus.js';

busContract('in-process', async () => {
  const bus = createLocalBus();
  return { nodes: [bus], close: () => bus.close() };
});
