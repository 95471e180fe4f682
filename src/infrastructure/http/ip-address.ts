import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a number: 32 bits for IPv4, 128 bits for IPv6. */
export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

/**
 * Parses a canonical IP literal (brackets and an IPv6 zone id are tolerated).
 * Deliberately strict for IPv4: only dotted decimal without leading zeros, so odd notations
 * ("0177.0.0.1", "2130706433") are not silently reinterpreted here — they yield null.
 */
export function parseIp(input: string): ParsedIp | null {
  let ip = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  if (isIPv4(ip)) return { family: 4, value: parseV4(ip) };
  if (isIPv6(ip)) return { family: 6, value: parseV6(ip) };
  return null;
}

export function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
}

function parseV4(ip: string): bigint {
  return ip.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
}

// Input already passed net.isIPv6, so only expansion is needed here, not validation.
function parseV6(ip: string): bigint {
  let s = ip;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    // Trailing dotted IPv4 ("::ffff:1.2.3.4") becomes two hex groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}
