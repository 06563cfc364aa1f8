import { isIPv4, isIPv6, SocketAddress } from 'node:net';

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * A peer address as every listener reports it: an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`,
 * what a dual-stack listener sees) becomes plain IPv4, and IPv6 takes its canonical lower-case
 * compressed form, so one client has one address whichever listener it came through.
 */
export function normalizeAddress(raw: string | null | undefined): string {
  if (!raw) return 'unknown';
  const address = raw.trim();
  if (!isIPv6(address)) return address;
  const canonical = new SocketAddress({ address, family: 'ipv6' }).address;
  const mapped = MAPPED_IPV4.exec(canonical);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : canonical;
}

/**
 * The key the per-address limits count under (connections per address, the login throttle, the
 * account+address lock): an IPv4 address itself, an IPv6 address by its /64, since one host
 * usually holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function addressLimitKey(raw: string | null | undefined): string {
  const address = normalizeAddress(raw);
  if (!isIPv6(address)) return address;
  const prefix = ipv6Groups(address).slice(0, 4).map((group) => group.toString(16));
  return `${new SocketAddress({ address: `${prefix.join(':')}::`, family: 'ipv6' }).address}/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded IPv4 expanded). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0];
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1].split('.').map(Number);
    text = `${text.slice(0, -ipv4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}
