import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { uploadFile } from '@parley/client';
import { buildUser, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import type { TestServer } from './helpers/server.js';

interface UploadReply {
  status: number;
  body: { upload?: { id: string; name: string; type: string; size: number; width?: number; height?: number; url: string; thumbnailUrl?: string }; error?: { code: string } };
}

async function upload(server: TestServer, user: TestUser, bytes: Uint8Array, name: string, clientType = 'application/octet-stream'): Promise<UploadReply> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: clientType }), name);
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  return { status: response.status, body: (await response.json()) as UploadReply['body'] };
}

async function download(server: TestServer, user: TestUser, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${user.token}`, ...headers } });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

// A 40×20 JPEG with EXIF orientation 6 (shown rotated a quarter turn: 20×40) and GPS in its metadata.
async function sidewaysPhotoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .toBuffer();
}

describeOnEngines('uploads', { uploads: { fileBytesMax: 64 * 1024, imagePixelsMax: 1_000_000 } }, (server) => {
  it('stores a photo upright with its metadata gone, a thumbnail and its size', async () => {
    const user = await buildUser(server);
    const photo = await sidewaysPhotoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const { status, body } = await upload(server, user, photo, 'beach.jpg', 'text/plain');
    expect(status).toBe(201);
    expect(body.upload).toMatchObject({ name: 'beach.jpg', type: 'image/jpeg', width: 20, height: 40 });
    const file = await download(server, user, body.upload!.url);
    expect(file.response.status).toBe(200);
    const meta = await sharp(file.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([20, 40]);
    expect(file.bytes.includes(Buffer.from('TestCam'))).toBe(false);
    expect(file.response.headers.get('content-security-policy')).toBe('sandbox');
    expect(file.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.response.headers.get('content-disposition')).toMatch(/^inline/);
    const thumb = await download(server, user, body.upload!.thumbnailUrl!);
    expect(thumb.response.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(thumb.bytes).metadata()).format).toBe('webp');
  });

  it('takes the type from the bytes: a PNG named .txt is a PNG, HTML named .jpg and SVG download as documents', async () => {
    const user = await buildUser(server);
    const png = await sharp({ create: { width: 3, height: 2, channels: 4, background: '#fff' } }).png().toBuffer();
    expect((await upload(server, user, png, 'notes.txt', 'text/plain')).body.upload).toMatchObject({ type: 'image/png', width: 3, height: 2 });
    for (const [name, text] of [['cat.jpg', '<html><script>alert(1)</script></html>'], ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>']] as const) {
      const { status, body } = await upload(server, user, Buffer.from(text), name, 'image/jpeg');
      expect(status).toBe(201);
      expect(body.upload!.type).not.toMatch(/html|svg/);
      expect(body.upload!.thumbnailUrl).toBeUndefined();
      const file = await download(server, user, body.upload!.url);
      expect(file.response.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
      expect(file.response.headers.get('content-security-policy')).toBe('sandbox');
    }
  });

  it('refuses a file over the limit from its Content-Length, before reading the body', async () => {
    const user = await buildUser(server);
    const declared = 10 * 1024 * 1024;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': declared } });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      // Only the first bytes are sent: the answer must come without the rest.
      req.write('--x\r\n');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('too_large');
  });

  it('refuses a file that grows past the limit while streaming', async () => {
    const user = await buildUser(server);
    const { status, body } = await upload(server, user, new Uint8Array(80 * 1024), 'big.bin');
    expect(status).toBe(413);
    expect(body.error!.code).toBe('too_large');
  });

  it('refuses an image over the pixel cap (a decompression bomb) and a body that is not a form', async () => {
    const user = await buildUser(server);
    const bomb = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await upload(server, user, bomb, 'bomb.png')).body.error!.code).toBe('unsupported_type');
    const json = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });

  it('serves ranges, and nobody but the uploader sees an unsent file', async () => {
    const [owner, stranger] = [await buildUser(server), await buildUser(server)];
    const bytes = Buffer.from('0123456789abcdef');
    const { body } = await upload(server, owner, bytes, 'data.bin');
    const part = await download(server, owner, body.upload!.url, { range: 'bytes=4-7' });
    expect(part.response.status).toBe(206);
    expect(part.bytes.toString()).toBe('4567');
    expect(part.response.headers.get('content-range')).toBe('bytes 4-7/16');
    const other = await download(server, stranger, body.upload!.url);
    expect(other.response.status).toBe(404);
    expect(JSON.parse(other.bytes.toString()).error.code).toBe('upload_not_found');
    expect((await fetch(`${server.url}${body.upload!.url}`)).status).toBe(401);
  });

  it('limits uploads per user per minute', async () => {
    const user = await buildUser(server);
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await upload(server, user, Buffer.from(`f${i}`), 'f.txt')).status);
    expect(codes.slice(0, 20).every((c) => c === 201)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});

describeOnEngines('upload quota', { uploads: { quotaBytes: 1000 } }, (server) => {
  it('refuses an upload past the quota with quota_exceeded, from the header or once the bytes are counted', async () => {
    const user = await buildUser(server);
    expect((await upload(server, user, new Uint8Array(600), 'a.bin')).status).toBe(201);
    const refused = await upload(server, user, new Uint8Array(600), 'b.bin');
    expect(refused.status).toBe(507);
    expect(refused.body.error!.code).toBe('quota_exceeded');
    expect((await upload(server, user, new Uint8Array(300), 'c.bin')).status).toBe(201);
  });
});

describeOnEngines('the SDK upload helper', {}, (server) => {
  it('uploads with progress, reports the server code of a refusal, and cancels', async () => {
    const user = await buildUser(server);
    const progress: number[] = [];
    const done = await uploadFile(server.url, user.token, new Blob(['hello']), 'hello.txt', { onProgress: (sent) => progress.push(sent) });
    expect(done).toMatchObject({ name: 'hello.txt', type: 'application/octet-stream', size: 5 });
    expect(progress.at(-1)).toBe(5);
    await expect(uploadFile(server.url, 'not-a-token', new Blob(['x']), 'x.txt')).rejects.toMatchObject({ code: 'unauthorized' });
    const controller = new AbortController();
    controller.abort();
    await expect(uploadFile(server.url, user.token, new Blob(['x']), 'x.txt', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
