import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { FetchFailedError } from './http.errors';
import type { CheckedTarget } from './url-guard';

export interface HopRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A lookup that ignores DNS and answers with the already-validated address, so a rebinding
 * DNS server cannot swap in another address between the check and the connect.
 */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** One HTTP exchange with a checked target; resolves at response headers. */
export function sendHop(target: CheckedTarget, hop: HopRequest, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const headers: Record<string, string> = { ...hop.headers, host: target.url.host };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    const request = target.url.protocol === 'https:' ? https.request : http.request;
    // hostname stays the original name: it drives SNI and certificate checks for https.
    const req = request({
      protocol: target.url.protocol,
      hostname: target.hostname,
      port: target.url.port || undefined,
      path: `${target.url.pathname}${target.url.search}`,
      method: hop.method,
      headers,
      family: target.family,
      lookup: pinnedLookup(target.address, target.family),
      agent: false, // no pooled sockets: every hop connects to its own checked address
    });
    const onAbort = (): void => {
      req.destroy(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(
        err instanceof FetchFailedError
          ? err
          : new FetchFailedError(`request to ${target.hostname} failed: ${err.message}`, undefined, { cause: err }),
      );
    });
    req.end(hop.body);
  });
}
