import { BlockedUrlError, FetchFailedError } from './http.errors';
import { LookupFn, checkUrl } from './url-guard';

const fixed = (table: Record<string, string[]>): jest.Mock<ReturnType<LookupFn>, Parameters<LookupFn>> =>
  jest.fn(async (hostname: string) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  });

async function reason(url: string, lookup = fixed({}), allowedCidrs?: string[]): Promise<string> {
  const err: unknown = await checkUrl(url, { lookup, allowedCidrs }).then(
    () => new Error(`expected ${url} to be blocked`),
    (e: unknown) => e,
  );
  if (!(err instanceof BlockedUrlError)) throw err;
  return err.reason;
}

describe('checkUrl', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is not allowed (loopback)'],
    ['http://[::1]/', '::1 is not allowed (loopback)'],
    ['http://10.0.0.1/', '10.0.0.1 is not allowed (private)'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is not allowed (cloud metadata)'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254 is not allowed (cloud metadata, AWS)'],
    ['http://0.0.0.0:8080/', '0.0.0.0 is not allowed (unspecified)'],
    // Odd notations: WHATWG parsing normalises them and the normalised host is what is judged.
    ['http://2130706433/', '127.0.0.1 is not allowed (loopback)'],
    ['http://0177.0.0.1/', '127.0.0.1 is not allowed (loopback)'],
    ['http://0x7f.1/', '127.0.0.1 is not allowed (loopback)'],
    ['http://127.1/', '127.0.0.1 is not allowed (loopback)'],
    ['http://0xa9fea9fe/', '169.254.169.254 is not allowed (cloud metadata)'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is not allowed (loopback (IPv4-mapped 127.0.0.1))'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', '::ffff:7f00:1 is not allowed (loopback (IPv4-mapped 127.0.0.1))'],
    ['http://[64:ff9b::a00:1]/', '64:ff9b::a00:1 is not allowed (private (NAT64 10.0.0.1))'],
    ['http://[2002:7f00:1::]/', '2002:7f00:1:: is not allowed (loopback (6to4 127.0.0.1))'],
    ['ftp://example.com/file', 'scheme ftp: is not allowed'],
    ['file:///etc/passwd', 'scheme file: is not allowed'],
    ['gopher://example.com:70/', 'scheme gopher: is not allowed'],
    ['javascript:alert(1)', 'scheme javascript: is not allowed'],
    ['http://user:pass@example.com/', 'URLs with credentials are not allowed'],
    ['http://user@example.com/', 'URLs with credentials are not allowed'],
    ['not a url', 'invalid URL'],
  ])('blocks %s', async (url, expected) => {
    const lookup = fixed({ 'example.com': ['93.184.216.34'] });
    expect(await reason(url, lookup)).toBe(expected);
    expect(lookup).not.toHaveBeenCalled(); // decided before any DNS traffic
  });

  it('blocks a hostname that resolves to loopback', async () => {
    expect(await reason('http://localhost/', fixed({ localhost: ['127.0.0.1'] }))).toBe('localhost resolves to 127.0.0.1 (loopback)');
    expect(await reason('http://rebind.test/', fixed({ 'rebind.test': ['::ffff:7f00:1'] }))).toBe(
      'rebind.test resolves to ::ffff:7f00:1 (loopback (IPv4-mapped 127.0.0.1))',
    );
  });

  it('blocks localhost through the real resolver too', async () => {
    await expect(checkUrl('http://localhost/')).rejects.toThrow(BlockedUrlError);
  });

  it('blocks when ANY resolved address is private, whatever the order', async () => {
    const lookup = fixed({ 'mixed.test': ['93.184.216.34', '10.1.2.3'] });
    expect(await reason('http://mixed.test/', lookup)).toBe('mixed.test resolves to 10.1.2.3 (private)');
    expect(lookup).toHaveBeenCalledWith('mixed.test');
  });

  it('pins the first address of a public hostname and keeps the original name', async () => {
    const target = await checkUrl('https://Example.COM:8443/a?b=1', { lookup: fixed({ 'example.com': ['93.184.216.34', '2606:2800::1'] }) });
    expect(target).toMatchObject({ hostname: 'example.com', address: '93.184.216.34', family: 4 });
    expect(target.url.href).toBe('https://example.com:8443/a?b=1');
  });

  it('allowedCidrs opens exactly the listed range', async () => {
    const lookup = fixed({ 'svc.test': ['127.0.0.2'], 'other.test': ['127.0.0.1'] });
    await expect(checkUrl('http://127.0.0.2:1234/', { allowedCidrs: ['127.0.0.2/32'] })).resolves.toMatchObject({ address: '127.0.0.2' });
    await expect(checkUrl('http://svc.test/', { lookup, allowedCidrs: ['127.0.0.2/32'] })).resolves.toMatchObject({ address: '127.0.0.2' });
    expect(await reason('http://127.0.0.1/', lookup, ['127.0.0.2/32'])).toBe('127.0.0.1 is not allowed (loopback)');
    expect(await reason('http://other.test/', lookup, ['127.0.0.2/32'])).toBe('other.test resolves to 127.0.0.1 (loopback)');
  });

  it('reports DNS failures as FetchFailedError, not as a block', async () => {
    const failed = checkUrl('http://nowhere.test/', { lookup: fixed({}) });
    await expect(failed).rejects.toBeInstanceOf(FetchFailedError);
    await expect(failed).rejects.toThrow('DNS lookup for nowhere.test failed (ENOTFOUND)');
    await expect(checkUrl('http://empty.test/', { lookup: fixed({ 'empty.test': [] }) })).rejects.toBeInstanceOf(FetchFailedError);
  });
});
