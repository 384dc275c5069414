import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildUser } from './helpers/builders.js';
import { useServer } from './helpers/server.js';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

async function headersOf(url: string, init: RequestInit = {}): Promise<Headers> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.headers;
}

describe('browser security headers', () => {
  const server = useServer({ webRoot });

  it('come with every response: the app, its assets, API answers and API errors', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const user = await buildUser(server);
    const responses = {
      page: await headersOf(`${server.url}/`),
      'app route': await headersOf(`${server.url}/chat/General`),
      script: await headersOf(`${server.url}${script}`),
      health: await headersOf(`${server.url}/api/health`),
      me: await headersOf(`${server.url}/api/me`, { headers: { authorization: `Bearer ${user.token}` } }),
      'no route': await headersOf(`${server.url}/api/nope`),
      'bad request': await headersOf(`${server.url}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      unauthorized: await headersOf(`${server.url}/api/me/rooms`),
    };
    for (const [what, headers] of Object.entries(responses)) {
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("script-src 'self'");
      expect(csp, what).toContain("default-src 'none'");
      expect(csp, what).not.toContain('unsafe-inline');
      expect(csp, what).not.toContain('unsafe-eval');
      expect(headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(headers.get('x-frame-options'), what).toBe('DENY');
      expect(headers.get('referrer-policy'), what).toBe('no-referrer');
    }
    expect(responses.me.get('cache-control')).toBe('no-store');
    const host = new URL(server.url).host;
    expect(responses.page.get('content-security-policy')).toContain(`connect-src 'self' ws://${host}`);
  });

  it('serve a web app that has no inline script for the policy to block', () => {
    const html = readFileSync(resolve(webRoot, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\son[a-z]+=/i);
  });
});
