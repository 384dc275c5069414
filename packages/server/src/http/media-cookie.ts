import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The cookie by which a browser's <img>, <video> and download links fetch files, which cannot
 * send an Authorization header. It holds the session token, so it ends with the session; it is
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and scoped to
 * /api/uploads, and only the GET routes of files accept it. docs/protocol.md says why a cookie
 * rather than signed URLs.
 */
export const mediaCookieName = 'parley_media';

/** Long enough for the longest session (90 days); the session's own expiry decides. */
const maxAgeSeconds = 90 * 24 * 3600;

/** The session token in the media cookie, if the request carries one. */
export function mediaCookieToken(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === mediaCookieName && value.length > 0) return value.join('=');
  }
  return null;
}

/** Secure whenever the page is served over HTTPS (directly or, with trustProxy, behind a proxy). */
function attributes(request: FastifyRequest, publicUrl: URL | null): string {
  const https = request.protocol === 'https' || publicUrl?.protocol === 'https:';
  return `Path=/api/uploads; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`;
}

export function setMediaCookie(request: FastifyRequest, reply: FastifyReply, token: string, publicUrl: URL | null): void {
  reply.header('Set-Cookie', `${mediaCookieName}=${token}; ${attributes(request, publicUrl)}; Max-Age=${maxAgeSeconds}`);
}

export function clearMediaCookie(request: FastifyRequest, reply: FastifyReply, publicUrl: URL | null): void {
  reply.header('Set-Cookie', `${mediaCookieName}=; ${attributes(request, publicUrl)}; Max-Age=0`);
}
