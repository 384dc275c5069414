import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { describeBlobStore } from './blob-store.contract.js';
import { S3BlobStore } from './s3-blob-store.js';

// The S3-compatible server is s3rver (an npm package, run in this process on port 0), with its
// default credentials; it checks each request's Signature V4 as S3 does.
describeBlobStore('S3 (s3rver)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'parley-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'parley', configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  const store = new S3BlobStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'parley', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'files/' });
  return {
    store,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
