/** Which page origins may open WebSockets. */
export interface OriginPolicy {
  /** Exact origins allowed besides the public one, or ['*'] for any; null for none. */
  allowed: readonly string[] | null;
  /** The origin people open Parley at (`--public-url`), or null: the one the Host header names. */
  publicOrigin: string | null;
}

/** What the handshake says about where it was sent to. */
export interface HandshakeTarget {
  host: string | undefined;
  /** Whether the request reached us over TLS (or, behind a trusted proxy, the proxy says so). */
  secure: boolean;
}

/** scheme://host[:port] in one spelling (lowercase, default port dropped), or null if malformed. */
function canonical(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a browser page at `origin` may open a WebSocket here. Browsers send Origin on every
 * WebSocket handshake and do not apply CORS to it, so without this check any site a user visits
 * could talk to Parley with the user's network position. Clients that are not browsers send no
 * Origin and are let through: they authenticate with a token like everyone.
 *
 * The whole origin is compared, scheme, host and port. With a public origin configured, that is
 * the one: a DNS-rebinding page (a hostile name that resolves to this server) sends its own
 * name in Host and Origin alike, which a check against Host would let through. Without one, the
 * origin must be the one the request was sent to (Host, and http or https as it arrived),
 * unless a list of allowed origins replaces that default.
 */
export function isOriginAllowed(origin: string | undefined, target: HandshakeTarget, policy: OriginPolicy): boolean {
  if (origin === undefined) return true;
  if (policy.allowed?.includes('*')) return true;
  const asked = canonical(origin);
  if (asked === null) return false;
  if (policy.allowed?.some((allowed) => canonical(allowed) === asked)) return true;
  if (policy.publicOrigin !== null) return canonical(policy.publicOrigin) === asked;
  // A list replaces the same-origin default, as it always has.
  if (policy.allowed || target.host === undefined) return false;
  return canonical(`${target.secure ? 'https' : 'http'}://${target.host}`) === asked;
}
