import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files whose names carry a hash of their content: cached for a year, never revalidated. */
const hashed = `assets${sep}`;

function cacheHeaders(root: string) {
  return (reply: FastifyReply, path: string) => {
    const file = relative(root, path);
    // Anything else (index.html, sw.js, the manifest, icons) is checked with the server on each
    // use (ETag), so that a new release shows at once.
    reply.header('Cache-Control', file.startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/**
 * Serves the built web app at `/`: the brotli or gzip file made at build time when the browser
 * accepts it (`Vary: Accept-Encoding`), hashed assets cached immutably, the rest `no-cache`.
 * Paths that are not files get index.html, so that the app's own routes (/chat/<room>) survive
 * a reload; /api and /ws keep their JSON 404s.
 */
export async function serveWebApp(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: false, preCompressed: true, cacheControl: false, setHeaders: cacheHeaders(root) });
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || path === '/ws') {
      return reply.callNotFound();
    }
    // A missing hashed file is an old page asking for an old release: a 404, not the app's HTML.
    if (path.startsWith('/assets/')) return reply.callNotFound();
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}
