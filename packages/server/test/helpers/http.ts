import type { TestServer } from './server.js';

export interface HttpReply {
  status: number;
  /** The parsed JSON body, or undefined when the body was empty. */
  body: any;
  text: string;
}

export interface HttpOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One raw HTTP request with fetch, as a client that did not come from this repo would send it. */
export async function http(server: TestServer, method: string, path: string, options: HttpOptions = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, body, text };
}

/** The path of a room's history route, with the name encoded and the query appended. */
export function historyPath(room: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const qs = params.toString();
  return `/api/rooms/${encodeURIComponent(room)}/messages${qs ? `?${qs}` : ''}`;
}
