import { MemoryOutboxStore } from './memory-outbox-store.js';
import { outboxStoreContract } from './outbox-store.contract.js';

outboxStoreContract('MemoryOutboxStore', async () => ({ store: new MemoryOutboxStore() }));
