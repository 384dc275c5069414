import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built web app at `/`. Paths that are not files get index.html, so that the app's
 * own routes (e.g. /chat) survive a reload; /api and /ws keep their JSON 404s.
 */
export async function serveWebApp(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || path === '/ws') {
      return reply.callNotFound();
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return true;
}
