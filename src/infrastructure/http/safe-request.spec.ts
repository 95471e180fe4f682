import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import * as tls from 'node:tls';
import { BlockedUrlError, FetchFailedError, ResponseTooLargeError } from './http.errors';
import { safeRequest } from './safe-request';

// Every socket in this file is bound to 127.0.0.0/8. The test server lives on 127.0.0.2, which
// is allowed explicitly; a "forbidden" server on 127.0.0.1 proves blocked hops never connect.
const ALLOWED = ['127.0.0.2/32'];
const CHUNK = Buffer.alloc(16 * 1024, 0x61);

interface Harness {
  server: http.Server;
  base: string;
  port: number;
  closed: Promise<void>[]; // one per accepted connection, resolves when that socket closes
}

function listen(server: http.Server | tls.Server, host: string): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

function route(req: http.IncomingMessage, res: http.ServerResponse, base: () => string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const n = Number(url.searchParams.get('n') ?? 0);
  switch (url.pathname) {
    case '/bytes':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
      res.end(Buffer.alloc(n, 0x62));
      return;
    case '/endless': {
      // Streams until the client goes away; `declare` optionally announces a (too large) length.
      const declared = url.searchParams.get('declare');
      res.writeHead(200, declared ? { 'content-length': declared } : {});
      const tick = setInterval(() => res.write(CHUNK), 2);
      res.on('close', () => clearInterval(tick));
      return;
    }
    case '/redirect':
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
      res.end('moved');
      return;
    case '/chain':
      if (n > 0) res.writeHead(302, { location: `${base()}/chain?n=${n - 1}` }).end();
      else res.end('end of chain');
      return;
    case '/hang':
      return; // never answers
    case '/stall-body':
      res.writeHead(200);
      res.write('first bytes');
      return;
    case '/echo': {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, headers: req.headers, body: Buffer.concat(parts).toString() }));
      });
      return;
    }
    default:
      res.writeHead(404).end('nope');
  }
}

async function startServer(host: string): Promise<Harness> {
  const h = { closed: [] } as unknown as Harness;
  h.server = http.createServer((req, res) => route(req, res, () => h.base));
  h.server.on('connection', (socket: Socket) => h.closed.push(new Promise((r) => socket.once('close', () => r()))));
  h.port = await listen(h.server, host);
  h.base = `http://${host}:${h.port}`;
  return h;
}

async function readAll(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

const lookupTo = (address: string) => jest.fn(async () => [{ address, family: 4 as const }]);

describe('safeRequest', () => {
  let ok: Harness; // 127.0.0.2, allowed
  let forbidden: Harness; // 127.0.0.1, must never see a connection

  beforeAll(async () => {
    ok = await startServer('127.0.0.2');
    forbidden = await startServer('127.0.0.1');
  });
  afterAll(async () => {
    ok.server.closeAllConnections();
    forbidden.server.closeAllConnections();
    await Promise.all([ok, forbidden].map((h) => new Promise((r) => h.server.close(r))));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    expect(forbidden.closed).toHaveLength(0);
  });

  const opts = { maxBytes: 1024 * 1024, timeoutMs: 2000, allowedCidrs: ALLOWED };

  describe('blocks before connecting', () => {
    // The mock throws instead of connecting, so even a guard bug could not send traffic anywhere.
    const trapConnect = () =>
      jest.spyOn(Socket.prototype, 'connect').mockImplementation(() => {
        throw new Error('a connection was attempted');
      });

    it.each([
      ['http://127.0.0.1/', 'loopback'],
      ['http://localhost/', 'loopback'],
      ['http://[::1]/', 'loopback'],
      ['http://10.0.0.1/', 'private'],
      ['http://169.254.169.254/latest/meta-data', 'cloud metadata'],
      ['http://2130706433/', 'loopback'],
      ['http://[::ffff:7f00:1]/', 'loopback'],
      ['ftp://example.com/', 'scheme ftp: is not allowed'],
      ['file:///etc/passwd', 'scheme file: is not allowed'],
      ['gopher://example.com/', 'scheme gopher: is not allowed'],
      ['http://user:pass@example.com/', 'credentials'],
    ])('%s', async (url, why) => {
      const connect = trapConnect();
      const lookup = jest.fn(async (host: string) => [{ address: host === 'localhost' ? '127.0.0.1' : '93.184.216.34', family: 4 as const }]);
      const err = await safeRequest(url, { ...opts, lookup }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlockedUrlError);
      expect((err as BlockedUrlError).reason).toContain(why);
      expect(connect).not.toHaveBeenCalled();
    });

    it('(the trap itself catches a real connection attempt)', async () => {
      const connect = trapConnect();
      await expect(safeRequest(`${ok.base}/bytes?n=1`, opts)).rejects.toThrow('a connection was attempted');
      expect(connect).toHaveBeenCalledTimes(1);
    });

    it('a hostname resolving to 10.x: looked up, judged, never connected', async () => {
      const connect = trapConnect();
      const lookup = lookupTo('10.20.30.40');
      await expect(safeRequest('http://intranet.test/', { ...opts, lookup })).rejects.toThrow(
        'intranet.test resolves to 10.20.30.40 (private)',
      );
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(connect).not.toHaveBeenCalled();
    });

    it('a hostname with one public and one private address', async () => {
      const connect = trapConnect();
      const lookup = jest.fn(async () => [
        { address: '93.184.216.34', family: 4 as const },
        { address: '192.168.0.10', family: 4 as const },
      ]);
      await expect(safeRequest('http://mixed.test/', { ...opts, lookup })).rejects.toThrow('resolves to 192.168.0.10 (private)');
      expect(connect).not.toHaveBeenCalled();
    });
  });

  it('fetches bytes from an allowed address', async () => {
    const res = await safeRequest(`${ok.base}/bytes?n=5000`, opts);
    expect(res).toMatchObject({ status: 200, contentLength: 5000, finalUrl: `${ok.base}/bytes?n=5000` });
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(await readAll(res.body)).toEqual(Buffer.alloc(5000, 0x62));
  });

  it('connects to the checked address, not a fresh DNS answer, and keeps the Host name', async () => {
    // A rebinding resolver: first answer allowed, any later answer loopback.
    const lookup = jest.fn().mockResolvedValueOnce([{ address: '127.0.0.2', family: 4 }]).mockResolvedValue([{ address: '127.0.0.1', family: 4 }]);
    const res = await safeRequest(`http://rebind.test:${ok.port}/echo`, { ...opts, lookup });
    const echoed = JSON.parse((await readAll(res.body)).toString()) as { headers: Record<string, string> };
    expect(echoed.headers.host).toBe(`rebind.test:${ok.port}`);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('keeps SNI = original hostname for https while connecting to the checked address', async () => {
    const seen: string[] = [];
    // No certificate needed: the SNI callback records the name, then refuses the handshake.
    const tlsServer = tls.createServer({
      SNICallback: (name, cb) => {
        seen.push(name);
        cb(new Error('test ends here'));
      },
    });
    const port = await listen(tlsServer, '127.0.0.2');
    try {
      const err = await safeRequest(`https://secure.test:${port}/`, { ...opts, lookup: lookupTo('127.0.0.2') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchFailedError);
      expect(seen).toEqual(['secure.test']);
    } finally {
      await new Promise((r) => tlsServer.close(r));
    }
  });

  describe('redirects', () => {
    it('follows up to maxRedirects, re-validating each hop', async () => {
      const res = await safeRequest(`${ok.base}/chain?n=3`, opts);
      expect(await readAll(res.body)).toEqual(Buffer.from('end of chain'));
      expect(res.finalUrl).toBe(`${ok.base}/chain?n=0`);
    });

    it('a chain of 4 is too many (default 3)', async () => {
      await expect(safeRequest(`${ok.base}/chain?n=4`, opts)).rejects.toThrow(new FetchFailedError('too many redirects'));
      await expect(safeRequest(`${ok.base}/chain?n=1`, { ...opts, maxRedirects: 0 })).rejects.toThrow('too many redirects');
    });

    it.each([301, 302, 303, 307, 308])('a %i to 127.0.0.1 is blocked without connecting', async (status) => {
      const to = encodeURIComponent(`${forbidden.base}/bytes?n=1`);
      const err = await safeRequest(`${ok.base}/redirect?status=${status}&to=${to}`, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlockedUrlError);
      expect((err as BlockedUrlError).reason).toBe('127.0.0.1 is not allowed (loopback)');
      // afterEach asserts the 127.0.0.1 server saw no connection
    });

    it('a redirect to a hostname resolving to a private address is blocked', async () => {
      const lookup = lookupTo('169.254.169.254');
      const to = encodeURIComponent('http://metadata.test/latest/meta-data');
      await expect(safeRequest(`${ok.base}/redirect?to=${to}`, { ...opts, lookup })).rejects.toThrow(
        'metadata.test resolves to 169.254.169.254 (cloud metadata)',
      );
    });

    it('a redirect to another scheme is blocked', async () => {
      const to = encodeURIComponent('file:///etc/passwd');
      await expect(safeRequest(`${ok.base}/redirect?to=${to}`, opts)).rejects.toThrow('scheme file: is not allowed');
    });
  });

  describe('size cap', () => {
    it('rejects early on a Content-Length over maxBytes and closes the socket', async () => {
      const before = ok.closed.length;
      const err = await safeRequest(`${ok.base}/endless?declare=100000000`, { ...opts, maxBytes: 1000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResponseTooLargeError);
      expect((err as ResponseTooLargeError).maxBytes).toBe(1000);
      await Promise.all(ok.closed.slice(before)); // resolves only once the server sees the socket close
    });

    it('errors the stream once a body without Content-Length crosses maxBytes and closes the socket', async () => {
      const before = ok.closed.length;
      const res = await safeRequest(`${ok.base}/endless`, { ...opts, maxBytes: 100_000 });
      expect(res.contentLength).toBeUndefined();
      await expect(readAll(res.body)).rejects.toBeInstanceOf(ResponseTooLargeError);
      await Promise.all(ok.closed.slice(before));
    });

    it('accepts a body of exactly maxBytes', async () => {
      const res = await safeRequest(`${ok.base}/bytes?n=1000`, { ...opts, maxBytes: 1000 });
      expect((await readAll(res.body)).length).toBe(1000);
    });
  });

  describe('timeouts and statuses', () => {
    it('times out waiting for headers', async () => {
      const started = Date.now();
      await expect(safeRequest(`${ok.base}/hang`, { ...opts, timeoutMs: 150 })).rejects.toThrow(new FetchFailedError('timed out after 150 ms'));
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('times out a stalled body (the cap is total, not per phase)', async () => {
      const res = await safeRequest(`${ok.base}/stall-body`, { ...opts, timeoutMs: 150 });
      await expect(readAll(res.body)).rejects.toThrow('timed out after 150 ms');
    });

    it('times out a slow DNS lookup', async () => {
      const lookup = jest.fn(() => new Promise<never>(() => undefined));
      await expect(safeRequest('http://slow-dns.test/', { ...opts, timeoutMs: 100, lookup })).rejects.toThrow('timed out after 100 ms');
    });

    it('a non-2xx final status is a FetchFailedError with the status', async () => {
      const err = await safeRequest(`${ok.base}/missing`, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchFailedError);
      expect((err as FetchFailedError).status).toBe(404);
    });

    it('a connection refused is a FetchFailedError', async () => {
      const probe = http.createServer();
      const port = await listen(probe, '127.0.0.2');
      await new Promise((r) => probe.close(r));
      await expect(safeRequest(`http://127.0.0.2:${port}/`, opts)).rejects.toThrow(/request to 127\.0\.0\.2 failed: .*ECONNREFUSED/);
    });
  });

  describe('POST', () => {
    it('sends the body and headers', async () => {
      const res = await safeRequest(`${ok.base}/echo`, {
        ...opts,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Signature': 'abc' },
        body: JSON.stringify({ event: 'asset.created' }),
      });
      const echoed = JSON.parse((await readAll(res.body)).toString()) as { method: string; headers: Record<string, string>; body: string };
      expect(echoed.method).toBe('POST');
      expect(echoed.body).toBe('{"event":"asset.created"}');
      expect(echoed.headers).toMatchObject({ 'content-type': 'application/json', 'x-signature': 'abc', 'content-length': '25' });
    });

    it('307 keeps method and body; 303 turns into a bodiless GET', async () => {
      const post = { ...opts, method: 'POST' as const, headers: { 'content-type': 'text/plain' }, body: Buffer.from('payload') };
      const r307 = await safeRequest(`${ok.base}/redirect?status=307&to=/echo`, post);
      expect(JSON.parse((await readAll(r307.body)).toString())).toMatchObject({ method: 'POST', body: 'payload' });
      const r303 = await safeRequest(`${ok.base}/redirect?status=303&to=/echo`, post);
      const echoed = JSON.parse((await readAll(r303.body)).toString()) as { method: string; headers: Record<string, string>; body: string };
      expect(echoed).toMatchObject({ method: 'GET', body: '' });
      expect(echoed.headers['content-type']).toBeUndefined();
    });
  });

  it('drops credential headers on a cross-origin redirect', async () => {
    const lookup = lookupTo('127.0.0.2');
    const to = encodeURIComponent(`http://other.test:${ok.port}/echo`);
    const res = await safeRequest(`${ok.base}/redirect?to=${to}`, { ...opts, lookup, headers: { Authorization: 'Bearer x', 'X-Keep': '1' } });
    const echoed = JSON.parse((await readAll(res.body)).toString()) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers['x-keep']).toBe('1');
  });

  it('rejects nonsense limits', async () => {
    await expect(safeRequest(`${ok.base}/bytes`, { maxBytes: -1, timeoutMs: 100 })).rejects.toBeInstanceOf(RangeError);
    await expect(safeRequest(`${ok.base}/bytes`, { maxBytes: 1, timeoutMs: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
