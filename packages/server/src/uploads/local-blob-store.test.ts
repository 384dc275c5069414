import { describeBlobStore } from './blob-store.contract.js';
import { LocalBlobStore } from './local-blob-store.js';

describeBlobStore('the data dir', async (dataDir) => {
  const store = new LocalBlobStore(dataDir);
  await store.open();
  return { store, close: async () => {} };
});
