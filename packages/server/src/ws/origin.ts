/**
 * Whether a browser page at `origin` may open a WebSocket here. Browsers send Origin on every
 * WebSocket handshake and do not apply CORS to it, so without this check any site a user visits
 * could talk to Parley with the user's network position. Clients that are not browsers send no
 * Origin and are let through: they authenticate with a token like everyone.
 *
 * `allowed`: null means same origin only (the Origin's host equals the Host header); otherwise
 * a list of exact origins, or ['*'] for any.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[] | null): boolean {
  if (origin === undefined) return true;
  if (allowed?.includes('*')) return true;
  if (allowed) return allowed.includes(origin);
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
