import { isIPv6 } from 'node:net';

/**
 * The key a client address is limited by. An IPv6 subscriber usually holds a whole /64 (and
 * can pick any address in it), so IPv6 addresses count by their /64; IPv4 addresses, and IPv6
 * addresses that carry an IPv4 one (::ffff:10.0.0.1), by the address.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const zoneless = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(zoneless);
  if (mapped) return mapped[1]!;
  if (!isIPv6(zoneless)) return zoneless;
  return `${expandIPv6(zoneless).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros ("::" expanded). */
function expandIPv6(address: string): string[] {
  // A trailing dotted IPv4 part stands for the last two groups.
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => {
    const [x, y, z, w] = [a, b, c, d].map(Number) as [number, number, number, number];
    return `${((x << 8) | y).toString(16)}:${((z << 8) | w).toString(16)}`;
  });
  const [head = '', tail] = withoutV4.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => (parseInt(group, 16) || 0).toString(16));
}
