import { ParsedIp, parseIp } from './ip-address';

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

/** Parses "a.b.c.d/n" or "v6::/n" (a bare address means a single host). Throws on bad input. */
export function parseCidr(cidr: string): Cidr {
  const [addr, bits, extra] = cidr.trim().split('/');
  const ip = addr === undefined ? null : parseIp(addr);
  const max = ip?.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!ip || extra !== undefined || !/^\d+$/.test(bits ?? String(max)) || prefix > max) {
    throw new Error(`invalid CIDR: ${cidr}`);
  }
  return { family: ip.family, base: ip.value, prefix };
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  if (cidr.family !== ip.family) return false;
  const shift = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return ip.value >> shift === cidr.base >> shift;
}

/** A list of CIDRs; an unparseable address is never contained. */
export class CidrList {
  private readonly cidrs: Cidr[];

  constructor(cidrs: readonly string[]) {
    this.cidrs = cidrs.map(parseCidr);
  }

  contains(address: string | ParsedIp): boolean {
    const ip = typeof address === 'string' ? parseIp(address) : address;
    return ip !== null && this.cidrs.some((c) => cidrContains(c, ip));
  }
}
