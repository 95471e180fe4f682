/**
 * npm run bench:ingest [-- --files 500 --size 1048576 --concurrency 8 --big 1073741824 --drivers fs,s3]
 *
 * Ingest throughput (createUpload → PUT → completeUpload through the real app) against raw PUTs of
 * the same bytes to the same storage in the same run, and peak RSS while streaming one large upload.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request, Server } from 'node:http';
import { Readable } from 'node:stream';
import { FsStorageAdapter } from '../../src/infrastructure/storage/fs.storage-adapter';
import { S3StorageAdapter } from '../../src/infrastructure/storage/s3.storage-adapter';
import { recreateDatabase } from '../support/services';
import { migrateDatabase } from '../../src/infrastructure/database/migrate';
import { startApp, TestApp } from '../support/app';
import { startTestS3, TestS3 } from '../support/s3';
import { createProject } from '../support/ingest';
import { writeReport } from './bench-report';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const FILES = Number(args.get('files') ?? 500);
const SIZE = Number(args.get('size') ?? 1024 * 1024);
const CONCURRENCY = Number(args.get('concurrency') ?? 8);
// s3rver, the S3 server available on this machine, loses objects under concurrent writes; real MinIO does not.
const S3_CONCURRENCY = Number(args.get('s3-concurrency') ?? (process.env.S3_ENDPOINT ? CONCURRENCY : 1));
const BIG = Number(args.get('big') ?? 1024 ** 3);
const DRIVERS = (args.get('drivers') ?? 'fs,s3').split(',') as ('fs' | 's3')[];

// A real PNG (so the bytes sniff as image/png) followed by random bytes up to SIZE: no dedup between files.
const PNG_HEAD = readFileSync(join(__dirname, '../../../test/fixtures/ingest/skimage_coffee.png')).subarray(0, 64 * 1024);
function makeFile(): Buffer {
  return Buffer.concat([PNG_HEAD, randomBytes(Math.max(0, SIZE - PNG_HEAD.length))]);
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function ingestOne(t: TestApp, key: string, projectId: string, bytes: Buffer): Promise<void> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const up = await t.gql(
    `mutation($i: CreateUploadInput!) { createUpload(input: $i) { uploadId url headers } }`,
    { i: { projectId, filename: 'f.png', contentType: 'image/png', size: bytes.length, sha256 } }, key,
  );
  const { uploadId, url, headers } = up.data.createUpload;
  // s3rver (the in-process S3 of this machine) sometimes answers 500 to concurrent PUTs that create
  // directories; a client retries a 5xx, so the bench does too (counted in the timing).
  for (let attempt = 1; ; attempt++) {
    const put = await fetch(url, { method: 'PUT', body: bytes, headers: headers ?? {} });
    const text = await put.text();
    if (put.ok) break;
    if (put.status < 500 || attempt === 3) throw new Error(`PUT ${put.status}: ${text.slice(0, 200)}`);
  }
  const done = await t.gql(`mutation($i: CompleteUploadInput!) { completeUpload(input: $i) { __typename } }`, { i: { uploadId } }, key);
  if (done.data?.completeUpload?.__typename !== 'Asset') throw new Error(JSON.stringify(done));
}

/** A bare HTTP PUT endpoint streaming into the same fs storage: the irreducible cost of moving bytes. */
async function rawFsServer(dir: string): Promise<{ url: string; server: Server }> {
  const storage = new FsStorageAdapter(dir);
  const server = createServer((req, res) => {
    storage.put(`raw/${req.url!.slice(1)}`, req).then(() => res.end('ok'), (e) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

async function rawPuts(t: TestApp, driver: 'fs' | 's3', files: Buffer[], concurrency: number): Promise<number> {
  if (driver === 'fs') {
    const { url, server } = await rawFsServer(t.config.storage.dir);
    try {
      return await timed(() => pool(files.map((f, i) => [f, i] as const), concurrency, async ([f, i]) => {
        const r = await fetch(`${url}/${i}-${Date.now()}`, { method: 'PUT', body: f });
        await r.arrayBuffer();
      }));
    } finally {
      server.close();
    }
  }
  const s3 = new S3StorageAdapter(t.config.storage.s3!);
  return timed(() => pool(files.map((f, i) => [f, i] as const), concurrency, async ([f, i]) => {
    const p = await s3.presignPut(`raw/${i}-${Date.now()}`, 600);
    const r = await fetch(p!.url, { method: 'PUT', body: f });
    await r.arrayBuffer();
  }));
}

/** Streams `bytes` of generated data through one upload while sampling this process's RSS. */
async function peakRssDuringUpload(t: TestApp, key: string, projectId: string, bytes: number): Promise<{ baselineMb: number; peakMb: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const up = await t.gql(
      `mutation($i: CreateUploadInput!) { createUpload(input: $i) { uploadId url headers } }`,
      { i: { projectId, filename: 'big.png', contentType: 'image/png', size: bytes } }, key,
    );
    const chunk = Buffer.concat([PNG_HEAD, randomBytes(1024 * 1024 - PNG_HEAD.length)]);
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= bytes) return this.push(null);
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      },
    });
    // node:http with pipe() honours backpressure end to end (fetch's web-stream body buffers ahead).
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(up.data.createUpload.url, {
        method: 'PUT',
        headers: { ...(up.data.createUpload.headers ?? {}), 'content-length': String(bytes) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      body.pipe(req);
    });
    if (status !== 200) throw new Error(`big PUT ${status}`);
    const done = await t.gql(`mutation($i: CompleteUploadInput!) { completeUpload(input: $i) { __typename } }`, { i: { uploadId: up.data.createUpload.uploadId } }, key);
    if (done.data?.completeUpload?.__typename !== 'Asset') throw new Error(JSON.stringify(done));
  } finally {
    clearInterval(sampler);
  }
  return { baselineMb: baseline / 2 ** 20, peakMb: peak / 2 ** 20 };
}

async function benchDriver(driver: 'fs' | 's3') {
  const concurrency = driver === 's3' ? S3_CONCURRENCY : CONCURRENCY;
  let s3: TestS3 | null = null;
  const env: Record<string, string> = { STORAGE_DRIVER: driver, ROLE: 'api', MAX_UPLOAD_BYTES: String(Math.max(BIG, SIZE) + 1) };
  if (driver === 's3') {
    s3 = await startTestS3();
    Object.assign(env, { S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: s3.bucket });
  }
  const t = await startApp(env);
  try {
    const ws = await t.workspace();
    const projectId = await createProject(t, ws.keys.contributor, `bench ${driver}`);
    const files = Array.from({ length: FILES }, makeFile);
    await ingestOne(t, ws.keys.contributor, projectId, makeFile()); // warm up
    const rawSeconds = await rawPuts(t, driver, files, concurrency);
    const fresh = Array.from({ length: FILES }, makeFile); // same sizes, new bytes: no dedup shortcut
    const ingestSeconds = await timed(() => pool(fresh, concurrency, (f) => ingestOne(t, ws.keys.contributor, projectId, f)));
    const small = await peakRssDuringUpload(t, ws.keys.contributor, projectId, Math.min(BIG, 64 * 2 ** 20));
    const big = driver === 'fs' || BIG <= 256 * 2 ** 20 ? await peakRssDuringUpload(t, ws.keys.contributor, projectId, BIG) : null;
    const mb = (FILES * SIZE) / 2 ** 20;
    return {
      driver,
      files: FILES,
      fileBytes: SIZE,
      concurrency,
      rawPut: { seconds: rawSeconds, filesPerSec: FILES / rawSeconds, mbPerSec: mb / rawSeconds },
      ingest: { seconds: ingestSeconds, filesPerSec: FILES / ingestSeconds, mbPerSec: mb / ingestSeconds },
      ingestOverRawTime: ingestSeconds / rawSeconds,
      rss64MiB: small,
      rssBig: big && { bytes: BIG, ...big },
    };
  } finally {
    await t.close();
    await s3?.stop();
  }
}

async function main() {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/lightbox_bench';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  await recreateDatabase(process.env.DATABASE_URL);
  await migrateDatabase(process.env.DATABASE_URL);
  const results = [];
  for (const d of DRIVERS) {
    const r = await benchDriver(d);
    results.push(r);
    console.log(JSON.stringify(r, null, 2));
  }
  const row = (r: Awaited<ReturnType<typeof benchDriver>>) =>
    `| ${r.driver} | ${r.files} × ${(r.fileBytes / 2 ** 20).toFixed(1)} MiB | ${r.concurrency} | ${r.rawPut.filesPerSec.toFixed(0)} files/s (${r.rawPut.mbPerSec.toFixed(0)} MiB/s) | ${r.ingest.filesPerSec.toFixed(0)} files/s (${r.ingest.mbPerSec.toFixed(0)} MiB/s) | **${r.ingestOverRawTime.toFixed(2)}** | ${r.rss64MiB.peakMb.toFixed(0)} MiB | ${r.rssBig ? `${r.rssBig.peakMb.toFixed(0)} MiB (${(r.rssBig.bytes / 2 ** 30).toFixed(2)} GiB)` : 'n/a'} |`;
  await writeReport('ingest', { at: new Date().toISOString(), results }, `
## Ingest (\`npm run bench:ingest\`)

Run ${new Date().toISOString().slice(0, 16)}Z, api role only (the pipeline is not running, so the figures are the ingest path alone).
Raw PUT = the same bytes PUT to the same storage with no API in between (fs: a bare HTTP server streaming into the fs adapter; s3: presigned PUTs straight to the S3 server).
Ingest = createUpload → PUT → completeUpload through the app (GraphQL, auth, hashing while streaming, type sniffing, content-addressed move, one transaction for blob + asset + event + outbox + pipeline plan).
Peak RSS is the whole bench process (client and server share it) while streaming one upload; flat between 64 MiB and the large upload means memory does not grow with file size.

| driver | files | concurrency | raw PUT | ingest | ingest ÷ raw time (goal ≤ 1.2) | peak RSS, 64 MiB upload | peak RSS, large upload |
|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}
`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
