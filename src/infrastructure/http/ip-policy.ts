import { Cidr, cidrContains, parseCidr } from './cidr-matcher';
import { ParsedIp, formatV4, parseIp } from './ip-address';

export type BlockCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'cloud metadata'
  | 'invalid';

export interface BlockVerdict {
  category: BlockCategory;
  /** Human text for error messages, e.g. "loopback (IPv4-mapped 127.0.0.1)". */
  reason: string;
}

type Rule = [Cidr, BlockCategory, string?];
const rules = (list: [string, BlockCategory, string?][]): Rule[] =>
  list.map(([c, cat, note]) => [parseCidr(c), cat, note]);

// First match wins, so specific entries (metadata, broadcast) precede their enclosing ranges.
const V4_RULES = rules([
  ['169.254.169.254/32', 'cloud metadata'],
  ['100.100.100.200/32', 'cloud metadata', 'Alibaba'],
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
]);

// Checked before the embeddings because both sit inside ::/96 (IPv4-compatible).
const V6_PLAIN = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
]);

const V6_RULES = rules([
  ['64:ff9b:1::/48', 'reserved', 'local-use NAT64'],
  ['100::/64', 'reserved', 'discard-only'],
  ['2001:db8::/32', 'documentation'],
  ['2001:10::/28', 'reserved', 'ORCHID'],
  ['2001:20::/28', 'reserved', 'ORCHIDv2'],
  ['3fff::/20', 'documentation'],
  ['fd00:ec2::254/128', 'cloud metadata', 'AWS'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private', 'deprecated site-local'],
  ['ff00::/8', 'multicast'],
]);

const MASK32 = 0xffffffffn;

/**
 * IPv6 forms that carry an IPv4 address, and where it sits. Traffic to these can end up at
 * the embedded IPv4 host, so that host is judged. `always` marks forms with no legitimate
 * use for us (deprecated / tunnelling) that are blocked even when the embedded host is public.
 */
const V6_EMBEDDINGS: { cidr: Cidr; label: string; extract: (v: bigint) => bigint[]; always?: boolean }[] = [
  { cidr: parseCidr('::ffff:0:0/96'), label: 'IPv4-mapped', extract: (v) => [v & MASK32] },
  { cidr: parseCidr('::ffff:0:0:0/96'), label: 'IPv4-translated', extract: (v) => [v & MASK32] },
  { cidr: parseCidr('64:ff9b::/96'), label: 'NAT64', extract: (v) => [v & MASK32] },
  { cidr: parseCidr('2002::/16'), label: '6to4', extract: (v) => [(v >> 80n) & MASK32] },
  // Teredo: server in bits 32-63, client obfuscated (bit-inverted) in the low 32 bits.
  { cidr: parseCidr('2001::/32'), label: 'Teredo', extract: (v) => [(v >> 64n) & MASK32, ~v & MASK32], always: true },
  // Deprecated IPv4-compatible (::a.b.c.d); :: and ::1 are handled by the plain rules first.
  { cidr: parseCidr('::/96'), label: 'IPv4-compatible', extract: (v) => [v & MASK32], always: true },
];

const GLOBAL_UNICAST_V6 = parseCidr('2000::/3');

/** Why an address must not be contacted, or null when it is a public unicast address. */
export function classifyAddress(address: string | ParsedIp): BlockVerdict | null {
  const ip = typeof address === 'string' ? parseIp(address) : address;
  if (!ip) return { category: 'invalid', reason: 'not a canonical IP address' };
  return ip.family === 4 ? classifyV4(ip) : classifyV6(ip);
}

function match(list: Rule[], ip: ParsedIp): BlockVerdict | null {
  const hit = list.find(([cidr]) => cidrContains(cidr, ip));
  if (!hit) return null;
  const [, category, note] = hit;
  return { category, reason: note ? `${category}, ${note}` : category };
}

function classifyV4(ip: ParsedIp): BlockVerdict | null {
  return match(V4_RULES, ip);
}

function classifyV6(ip: ParsedIp): BlockVerdict | null {
  const plain = match(V6_PLAIN, ip);
  if (plain) return plain;
  const embedding = V6_EMBEDDINGS.find((e) => cidrContains(e.cidr, ip));
  if (embedding) {
    for (const v4 of embedding.extract(ip.value)) {
      const inner = classifyV4({ family: 4, value: v4 });
      if (inner) return { category: inner.category, reason: `${inner.reason} (${embedding.label} ${formatV4(v4)})` };
    }
    return embedding.always ? { category: 'reserved', reason: `reserved (${embedding.label})` } : null;
  }
  const hit = match(V6_RULES, ip);
  if (hit) return hit;
  // Only 2000::/3 is allocated for global unicast; everything else is special-purpose.
  return cidrContains(GLOBAL_UNICAST_V6, ip) ? null : { category: 'reserved', reason: 'reserved (not global unicast)' };
}
