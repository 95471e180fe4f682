import type { IncomingMessage } from 'node:http';
import { Readable, finished } from 'node:stream';
import { ByteLimitStream } from './byte-limit.stream';
import { CidrList } from './cidr-matcher';
import { FetchFailedError, ResponseTooLargeError } from './http.errors';
import { HopRequest, sendHop } from './pinned-hop';
import { CheckedTarget, LookupFn, checkUrl } from './url-guard';

export interface SafeRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Response body cap, enforced while streaming and up front via Content-Length. */
  maxBytes: number;
  /** Total time cap: DNS + connect + headers + body, across all redirects. */
  timeoutMs: number;
  /** Default 3; every hop is re-validated. */
  maxRedirects?: number;
  /** Escape hatch (tests/ops): addresses in these CIDRs are allowed even if private. */
  allowedCidrs?: string[];
  /** Injectable DNS; default dns.promises.lookup({ all: true }). */
  lookup?: LookupFn;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  finalUrl: string;
  /** Errors with ResponseTooLargeError past maxBytes, FetchFailedError on timeout or a cut connection. */
  body: Readable;
  contentLength?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Fetches a URL that may be attacker-chosen without letting it reach internal addresses. */
export async function safeRequest(url: string, opts: SafeRequestOptions): Promise<SafeResponse> {
  if (!(opts.maxBytes >= 0) || !(opts.timeoutMs > 0)) throw new RangeError('maxBytes must be >= 0 and timeoutMs > 0');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new FetchFailedError(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
  try {
    const { res, finalUrl } = await follow(url, opts, deadline.signal);
    return wrapResponse(res, finalUrl, opts.maxBytes, deadline.signal, () => clearTimeout(timer));
  } catch (err) {
    clearTimeout(timer);
    throw err;
  }
}

async function follow(url: string, opts: SafeRequestOptions, signal: AbortSignal): Promise<{ res: IncomingMessage; finalUrl: string }> {
  const guard = { lookup: opts.lookup, allowedCidrs: new CidrList(opts.allowedCidrs ?? []) };
  const maxRedirects = opts.maxRedirects ?? 3;
  const hop: HopRequest = { method: opts.method ?? 'GET', headers: lowerCaseKeys(opts.headers ?? {}), body: opts.body };
  let current: string | URL = url;
  for (let redirects = 0; ; redirects++) {
    const target: CheckedTarget = await abortable(checkUrl(current, guard), signal);
    const res = await sendHop(target, hop, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECT_STATUSES.has(status) || !location) return { res, finalUrl: target.url.href };
    res.destroy(); // redirect bodies are never read
    if (redirects >= maxRedirects) throw new FetchFailedError('too many redirects');
    try {
      current = new URL(location, target.url);
    } catch {
      throw new FetchFailedError('invalid redirect location', status);
    }
    // Browser semantics: 303 (and 301/302 after POST) continue as a bodiless GET.
    if (status === 303 || ((status === 301 || status === 302) && hop.method === 'POST')) {
      hop.method = 'GET';
      hop.body = undefined;
      hop.headers = omit(hop.headers, BODY_HEADERS);
    }
    if (current.origin !== target.url.origin) hop.headers = omit(hop.headers, CREDENTIAL_HEADERS);
  }
}

function wrapResponse(res: IncomingMessage, finalUrl: string, maxBytes: number, signal: AbortSignal, done: () => void): SafeResponse {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    res.destroy();
    throw new FetchFailedError(`HTTP ${status} from ${new URL(finalUrl).host}`, status);
  }
  const contentLength = parseLength(res.headers['content-length']);
  if (contentLength !== undefined && contentLength > maxBytes) {
    res.destroy();
    throw new ResponseTooLargeError(maxBytes);
  }
  const body = new ByteLimitStream(maxBytes);
  const onAbort = (): void => {
    body.destroy(signal.reason as Error);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  res.pipe(body);
  finished(res, (err) => {
    if (err) body.destroy(err instanceof FetchFailedError ? err : new FetchFailedError(`response body failed: ${err.message}`, status, { cause: err }));
  });
  // Whatever ends the body (cap, timeout, consumer destroy) also tears down the socket.
  body.once('close', () => {
    signal.removeEventListener('abort', onAbort);
    done();
    if (!res.readableEnded) res.destroy();
  });
  return { status, headers: res.headers, finalUrl, body, contentLength };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function parseLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function omit(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));
}
