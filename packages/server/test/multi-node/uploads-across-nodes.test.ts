import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRaw, makeContacts, signUp, startCluster, testServices, type Cluster } from './helpers.js';

const { databaseUrl, redisUrl } = testServices();

// Two nodes sharing PostgreSQL, Redis and one S3-compatible bucket (s3rver, started here): a file
// uploaded through one node is sent, and fetched by a member through the other.
describe.skipIf(!databaseUrl || !redisUrl)('uploads across nodes with an S3 store', () => {
  let cluster: Cluster;
  let s3: S3rver;
  let s3Dir: string;

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'parley-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'parley', configs: [] }] });
    const { port } = (await s3.run()) as { port: number };
    // The nodes' data dir holds only uploads in progress (blobs/tmp); the files go to the bucket.
    cluster = await startCluster({ nodes: 2, databaseUrl: databaseUrl!, redisUrl: redisUrl!, extraArgs: ['--s3-url', `http://S3RVER:S3RVER@127.0.0.1:${port}/parley/files`, '--data-dir', join(s3Dir, 'nodes')] });
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    await s3?.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('serves on node B what was uploaded to node A, with ranges, to a member only', async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
    const [ann, bob, eve] = [await signUp(a, a, 'Ann'), await signUp(b, b, 'Bob'), await signUp(b, b, 'Eve')];
    await makeContacts(a, ann, bob);
    const bytes = Buffer.from('shared across nodes '.repeat(500));
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'notes.bin');
    const uploaded = await fetch(`${a.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${ann.token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const { upload } = (await uploaded.json()) as { upload: { id: string; url: string } };
    const socket = await connectRaw(a, ann.token);
    const { room } = await socket.ok({ type: 'private', phone: bob.phone });
    await socket.ok({ type: 'message', room, clientMsgId: 'x1', attachments: [upload.id] });
    const whole = await fetch(`${b.url}${upload.url}`, { headers: { authorization: `Bearer ${bob.token}` } });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(bytes);
    const part = await fetch(`${b.url}${upload.url}`, { headers: { authorization: `Bearer ${bob.token}`, range: 'bytes=7-12' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('across');
    expect((await fetch(`${b.url}${upload.url}`, { headers: { authorization: `Bearer ${eve.token}` } })).status).toBe(404);
  });
});
