import { promises as dns } from 'node:dns';
import { CidrList } from './cidr-matcher';
import { BlockedUrlError, FetchFailedError } from './http.errors';
import { parseIp } from './ip-address';
import { classifyAddress } from './ip-policy';

export type LookupFn = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export interface GuardOptions {
  lookup?: LookupFn;
  allowedCidrs?: readonly string[] | CidrList;
}

/** A URL that passed the policy, pinned to the address it must be fetched from. */
export interface CheckedTarget {
  url: URL;
  /** Hostname without IPv6 brackets: what Host / SNI / certificate checks use. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);
// Labels that inet_aton would read as numbers (0x7f, 0177, 2130706433). WHATWG parsing
// already turns such hosts into dotted IPv4 for http(s); this is a second line of defence.
const NUMERIC_HOST = /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*\.?$/i;

export const defaultLookup: LookupFn = async (hostname) => {
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

/**
 * Validates a URL and resolves its host; throws BlockedUrlError if the scheme, credentials or
 * ANY resolved address is not allowed. The caller must connect to `address`, not re-resolve.
 */
export async function checkUrl(input: string | URL, opts: GuardOptions = {}): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new BlockedUrlError('invalid URL');
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) throw new BlockedUrlError(`scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new BlockedUrlError('URLs with credentials are not allowed');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) throw new BlockedUrlError('URL has no host');

  const allowed = opts.allowedCidrs instanceof CidrList ? opts.allowedCidrs : new CidrList(opts.allowedCidrs ?? []);
  const literal = parseIp(hostname);
  if (literal) {
    const verdict = allowed.contains(literal) ? null : classifyAddress(literal);
    if (verdict) throw new BlockedUrlError(`${hostname} is not allowed (${verdict.reason})`);
    return { url, hostname, address: hostname, family: literal.family };
  }
  if (NUMERIC_HOST.test(hostname)) throw new BlockedUrlError(`ambiguous numeric host ${hostname}`);

  const addresses = await resolve(hostname, opts.lookup ?? defaultLookup);
  for (const { address } of addresses) {
    const verdict = allowed.contains(address) ? null : classifyAddress(address);
    if (verdict) throw new BlockedUrlError(`${hostname} resolves to ${address} (${verdict.reason})`);
  }
  const [first] = addresses as [(typeof addresses)[number]];
  return { url, hostname, address: first.address, family: first.family };
}

async function resolve(hostname: string, lookup: LookupFn): Promise<{ address: string; family: 4 | 6 }[]> {
  let addresses: { address: string; family: 4 | 6 }[];
  try {
    addresses = await lookup(hostname);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new FetchFailedError(`DNS lookup for ${hostname} failed${typeof code === 'string' ? ` (${code})` : ''}`, undefined, {
      cause: err,
    });
  }
  if (addresses.length === 0) throw new FetchFailedError(`DNS lookup for ${hostname} returned no addresses`);
  return addresses;
}
