import { AddressInfo, createServer, connect, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { S3StorageAdapter } from '../../../src/infrastructure/storage/s3.storage-adapter';
import { startTestS3, TestS3 } from '../../support/s3';
import { digestStream, patternSha256, patternStream } from './pattern-bytes';
import { describeStorageContract } from './storage-contract';

jest.setTimeout(120_000);

const MiB = 1024 * 1024;
let s3: TestS3 | undefined;
async function server(): Promise<TestS3> {
  s3 ??= await startTestS3();
  return s3;
}
afterAll(async () => {
  await s3?.stop();
});

const adapter = async (extra: { partSize?: number; bucket?: string } = {}) => {
  const { endpoint, region, accessKey, secretKey, bucket } = await server();
  return new S3StorageAdapter({ endpoint, region, accessKey, secretKey, bucket, ...extra });
};

describeStorageContract('s3', async () => ({ storage: await adapter(), presigns: true }));

describe('S3StorageAdapter specifics', () => {
  it('uploads in 5 MiB parts (multipart, 5 parts) and reassembles them in order', async () => {
    const storage = await adapter({ partSize: 5 * MiB });
    const size = 22 * MiB + 17;
    const key = `multipart/${Date.now()}.bin`;
    expect(await storage.put(key, patternStream(size, { chunk: 1000 }), { contentType: 'video/mp4' })).toBe(size);
    expect(await storage.stat(key)).toEqual({ size, contentType: 'video/mp4' });
    expect(await digestStream(await storage.get(key))).toEqual({ sha256: patternSha256(size), size });
  });

  it('a multipart upload that fails part-way leaves no object', async () => {
    const storage = await adapter({ partSize: 5 * MiB });
    const broken = `multipart/broken-${Date.now()}.bin`;
    await expect(storage.put(broken, patternStream(20 * MiB, { failAfter: 12 * MiB }))).rejects.toThrow('client went away');
    expect(await storage.stat(broken)).toBeNull();
    const oversized = `multipart/oversized-${Date.now()}.bin`;
    await expect(storage.put(oversized, patternStream(16 * MiB), { size: 11 * MiB })).rejects.toThrow(/size mismatch/);
    expect(await storage.stat(oversized)).toBeNull();
  });

  it('an object of exactly one part size goes through multipart and round-trips', async () => {
    const storage = await adapter({ partSize: 5 * MiB });
    const size = 5 * MiB;
    const key = `multipart/exact-${Date.now()}.bin`;
    expect(await storage.put(key, patternStream(size))).toBe(size);
    expect(await digestStream(await storage.get(key))).toEqual({ sha256: patternSha256(size), size });
  });

  it('retries a request once when its connection is reset', async () => {
    const { endpoint, region, accessKey, secretKey, bucket } = await server();
    const upstream = new URL(endpoint);
    if (upstream.protocol !== 'http:') return; // the TCP proxy below cannot carry TLS
    // A TCP proxy that resets the first connection as soon as a request arrives, then forwards.
    let resets = 0;
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      sockets.add(client);
      if (resets === 0) {
        resets++;
        client.once('data', () => client.resetAndDestroy());
        return;
      }
      const up = connect(Number(upstream.port), upstream.hostname);
      sockets.add(up);
      client.pipe(up).pipe(client);
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const storage = new S3StorageAdapter({ endpoint: `http://127.0.0.1:${port}`, region, accessKey, secretKey, bucket });
      const key = `retry/${Date.now()}.txt`;
      expect(await storage.put(key, Readable.from([Buffer.from('survives a reset')]))).toBe(16);
      expect(resets).toBe(1);
      expect(await storage.stat(key)).toMatchObject({ size: 16 });
    } finally {
      for (const socket of sockets) socket.destroy();
      proxy.close();
    }
  });

  it('ping creates a missing bucket', async () => {
    const bucket = `lightbox-ping-${Date.now()}`;
    const storage = await adapter({ bucket });
    await storage.ping();
    await storage.put('probe.txt', Readable.from([Buffer.from('ok')]));
    expect(await storage.stat('probe.txt')).toMatchObject({ size: 2 });
  });

  it('ping fails when the endpoint does not answer', async () => {
    const { region, accessKey, secretKey, bucket } = await server();
    const storage = new S3StorageAdapter({ endpoint: 'http://127.0.0.1:1', region, accessKey, secretKey, bucket, pingTimeoutMs: 2000 });
    await expect(storage.ping()).rejects.toThrow();
  });

  it('presigns against publicEndpoint when one is given', async () => {
    const { endpoint, region, accessKey, secretKey, bucket } = await server();
    const storage = new S3StorageAdapter({ endpoint, region, accessKey, secretKey, bucket, publicEndpoint: 'https://cdn.example.test' });
    const req = await storage.presignGet('a/b.bin', 60);
    expect(new URL(req.url).origin).toBe('https://cdn.example.test');
    expect(new URL(req.url).pathname).toBe(`/${bucket}/a/b.bin`);
  });

  it('rejects a part size below the S3 minimum and an endpoint with a path', () => {
    const base = { region: 'us-east-1', accessKey: 'a', secretKey: 'b', bucket: 'c' };
    expect(() => new S3StorageAdapter({ ...base, endpoint: 'http://127.0.0.1:9000', partSize: MiB })).toThrow(RangeError);
    expect(() => new S3StorageAdapter({ ...base, endpoint: 'http://127.0.0.1:9000/prefix' })).toThrow(/bare origin/);
  });
});
