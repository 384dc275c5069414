import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The Content-Security-Policy of the web app and the API. No inline script, no eval, nothing
 * from another origin: a message or name that slipped past escaping still could not run, and
 * a script that ran could not send what it read anywhere but back to Parley. Styles are ours
 * only too (React sets `style` through the CSSOM, which style-src does not govern).
 * `connect-src` names the WebSocket origin besides 'self', for browsers that do not yet match
 * ws:/wss: against 'self'.
 */
export function contentSecurityPolicy(webSocketOrigin: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self'${webSocketOrigin ? ` ${webSocketOrigin}` : ''}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    // Nobody may frame the app (clickjacking); X-Frame-Options below says the same to old browsers.
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The ws:// or wss:// origin of the page's own server, from the configured public URL or the request. */
function webSocketOrigin(request: FastifyRequest, publicUrl: URL | null): string | null {
  if (publicUrl) return `${publicUrl.protocol === 'https:' ? 'wss' : 'ws'}://${publicUrl.host}`;
  const host = request.headers.host;
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null;
  return `${request.protocol === 'https' ? 'wss' : 'ws'}://${host}`;
}

export interface SecurityHeadersOptions {
  /** The origin people open Parley at, when configured (`--public-url`). */
  publicUrl: URL | null;
}

/**
 * Browser security headers on every response, the web app's files and the API's JSON and
 * errors alike (an error page is a page too).
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // An uploaded file keeps its own, stricter policy (sandbox: no script, no same origin).
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', contentSecurityPolicy(webSocketOrigin(request, options.publicUrl)));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    // Room names live in the app's URLs (/chat/<room>): a link someone follows must not carry them away.
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    // Other sites may not load our responses as images or scripts (no cross-site reads of them).
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    // What the API answers is one user's: no shared cache may keep it.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
