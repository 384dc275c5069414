import { AwsClient } from 'aws4fetch';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { isSha256, type BlobStore, type StoredBlob } from './blob-store.js';
import type { StagedFile } from './upload-staging.js';

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2…), addressed path-style. */
export interface S3Options {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Default us-east-1 (what most S3-compatible servers expect). */
  region?: string;
  /** Key prefix of Parley's objects, e.g. "parley/" (default none). */
  prefix?: string;
}

/** Reads PARLEY_S3_URL: http(s)://KEY:SECRET@host[:port]/bucket[/prefix][?region=R]. */
export function s3OptionsFromUrl(value: string): S3Options {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('The S3 URL is not a URL: write it as https://KEY:SECRET@host/bucket.');
  }
  const [bucket, ...rest] = url.pathname.split('/').filter((p) => p !== '');
  if (!/^https?:$/.test(url.protocol) || !url.username || !url.password || !bucket) {
    throw new Error('The S3 URL must be http(s)://KEY:SECRET@host/bucket[/prefix], with the access key and secret.');
  }
  const prefix = rest.length > 0 ? `${rest.map(decodeURIComponent).join('/')}/` : '';
  const region = url.searchParams.get('region');
  return {
    endpoint: url.origin, bucket: decodeURIComponent(bucket), accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password),
    ...(region ? { region } : {}), ...(prefix ? { prefix } : {}),
  };
}

/**
 * Files as objects of an S3-compatible bucket, keyed by their SHA-256: the choice for several
 * nodes, which then all read what any one stored. A PUT is atomic (an object is whole or absent),
 * and signed with the payload's SHA-256, which the upload already computed, so the store checks
 * the bytes arrived intact. Requests are signed with AWS Signature V4 (aws4fetch).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;
  private readonly base: string;
  private readonly prefix: string;

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region ?? 'us-east-1', service: 's3' });
    this.base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
    this.prefix = options.prefix ?? '';
  }

  get location(): string {
    return `bucket ${this.options.bucket} at ${new URL(this.options.endpoint).host}`;
  }

  async put(file: StagedFile): Promise<void> {
    const body = Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream;
    const response = await this.client.fetch(this.url(file.sha256), {
      method: 'PUT',
      body,
      headers: { 'content-length': String(file.size), 'x-amz-content-sha256': file.sha256, 'content-type': 'application/octet-stream' },
    });
    await failUnlessOk(response, 'store');
    await rm(file.path, { force: true });
  }

  async read(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const response = await this.client.fetch(this.url(sha256), { headers: range ? { range: `bytes=${range.start}-${range.end}` } : {} });
    await failUnlessOk(response, 'read');
    return Readable.fromWeb(response.body as unknown as WebReadableStream);
  }

  async sizeOf(sha256: string): Promise<number> {
    const response = await this.client.fetch(this.url(sha256), { method: 'HEAD' });
    await failUnlessOk(response, 'find');
    return Number(response.headers.get('content-length'));
  }

  async list(): Promise<StoredBlob[]> {
    const found: StoredBlob[] = [];
    let token: string | null = null;
    do {
      const query = new URLSearchParams({ 'list-type': '2', prefix: this.prefix, ...(token ? { 'continuation-token': token } : {}) });
      const response = await this.client.fetch(`${this.base}?${query}`);
      await failUnlessOk(response, 'list');
      const xml = await response.text();
      for (const [, entry] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(entry ?? '')?.[1] ?? '');
        const modified = /<LastModified>([\s\S]*?)<\/LastModified>/.exec(entry ?? '')?.[1];
        const sha256 = key.slice(this.prefix.length);
        if (key.startsWith(this.prefix) && isSha256(sha256) && modified) found.push({ sha256, writtenAt: Date.parse(modified) });
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? unescapeXml(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') || null : null;
    } while (token);
    return found;
  }

  async remove(sha256: string, unlessWrittenSince: number): Promise<boolean> {
    const head = await this.client.fetch(this.url(sha256), { method: 'HEAD' });
    if (head.status === 404) return false;
    await failUnlessOk(head, 'find');
    // S3 keeps times to the second: an object rewritten in the cutoff's second counts as fresh.
    const written = Date.parse(head.headers.get('last-modified') ?? '');
    if (!Number.isFinite(written) || written + 1000 > unlessWrittenSince) return false;
    const response = await this.client.fetch(this.url(sha256), { method: 'DELETE' });
    await failUnlessOk(response, 'remove');
    return true;
  }

  private url(sha256: string): string {
    if (!isSha256(sha256)) throw new Error('not a SHA-256');
    return `${this.base}/${this.prefix}${sha256}`;
  }
}

async function failUnlessOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  throw new Error(`The S3 store could not ${what} a file: ${response.status}${code ? ` ${code}` : ''}.`);
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
