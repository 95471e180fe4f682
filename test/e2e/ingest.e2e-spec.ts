import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestS3, TestS3 } from '../support/s3';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { completeUpload, createProject, createUpload, eventually, ingest, putBytes, sha256 } from '../support/ingest';

const fixture = (name: string) => readFile(join(__dirname, '../fixtures/ingest', name));

type Driver = 'fs' | 's3';
const MAX = 600_000; // the fixtures fit; the oversize tests go past it

describe.each<Driver>(['fs', 's3'])('ingest through the %s storage adapter', (driver) => {
  let t: TestApp;
  let s3: TestS3 | null = null;
  let ws: TestWorkspace;
  let projectId: string;
  let png: Buffer;

  beforeAll(async () => {
    let env: Record<string, string> = { STORAGE_DRIVER: driver, MAX_UPLOAD_BYTES: String(MAX) };
    if (driver === 's3') {
      s3 = await startTestS3();
      env = { ...env, S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: s3.bucket };
    }
    t = await startApp(env);
    ws = await t.workspace();
    projectId = await createProject(t, ws.keys.contributor);
    png = await fixture('skimage_coffee.png');
  });

  afterAll(async () => {
    await t?.close();
    await s3?.stop();
  });

  it('ingests an image: verified bytes, DRAFT asset, creator, probe fills dimensions', async () => {
    const asset = await ingest(t, ws.keys.contributor, projectId, png, {
      title: 'Coffee',
      generation: { model: 'banana-pro', prompt: 'a cup of coffee', seed: '18446744073709551615', steps: 30, cfgScale: 7.5 },
    });
    expect(asset.__typename).toBe('Asset');
    expect(asset).toMatchObject({ title: 'Coffee', kind: 'IMAGE', mime: 'image/png', size: png.length, sha256: sha256(png), status: 'DRAFT' });
    expect(asset.createdBy.role).toBe('CONTRIBUTOR');
    expect(asset.generation).toMatchObject({ model: 'banana-pro', seed: '18446744073709551615', steps: 30, cfgScale: 7.5 });
    expect(asset.generation.sources).toMatchObject({ model: 'client', seed: 'client' });
    expect(asset.processing.steps.map((s: { name: string }) => s.name)).toContain('probe');

    const done = await eventually(
      () => t.gql(`query($id: ID!) { asset(id: $id) { width height processing { state steps { name state error } } } }`, { id: asset.id }, ws.keys.viewer),
      (r) => r.data.asset.processing.steps.find((s: { name: string }) => s.name === 'probe').state !== 'QUEUED' && r.data.asset.processing.steps.find((s: { name: string }) => s.name === 'probe').state !== 'RUNNING',
    );
    expect(done.data.asset.processing.steps.find((s: { name: string }) => s.name === 'probe')).toMatchObject({ state: 'DONE', error: null });
    expect(done.data.asset).toMatchObject({ width: 600, height: 400 });

    const original = await fetch(asset.originalUrl);
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(png)).toBe(true);
  });

  it('stores the same bytes once: two assets share one blob, the second upload moves no bytes', async () => {
    const bytes = await fixture('skimage_rocket.jpg');
    const first = await ingest(t, ws.keys.contributor, projectId, bytes);
    const ticket = await createUpload(t, ws.keys.contributor, projectId, bytes, { filename: 'again.jpg', contentType: 'image/jpeg' });
    expect(ticket.alreadyStored).toBe(true);
    const second = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(second.__typename).toBe('Asset');
    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    const blobs = await t.sql(`SELECT storage_key FROM blob WHERE workspace_id = $1 AND sha256 = $2`, [ws.id, first.sha256]);
    expect(blobs).toHaveLength(1);
    const assets = await t.sql(`SELECT a.id FROM asset a JOIN blob b ON b.id = a.blob_id WHERE b.sha256 = $1 AND a.workspace_id = $2`, [first.sha256, ws.id]);
    expect(assets).toHaveLength(2);
  });

  it('completes concurrent uploads of the same new bytes into two assets sharing one blob', async () => {
    const bytes = Buffer.concat([png, Buffer.from(`race-${driver}`)]);
    const tickets = await Promise.all([0, 1, 2].map(() => createUpload(t, ws.keys.contributor, projectId, bytes)));
    await Promise.all(tickets.map((k) => putBytes(k.url, bytes, k.headers ?? {})));
    const done = await Promise.all(tickets.map((k) => completeUpload(t, ws.keys.contributor, k.uploadId)));
    expect(done.map((r) => r.data.completeUpload.__typename)).toEqual(['Asset', 'Asset', 'Asset']);
    const blobs = await t.sql(`SELECT count(*)::int AS n FROM blob WHERE workspace_id = $1 AND sha256 = $2`, [ws.id, sha256(bytes)]);
    expect(blobs[0].n).toBe(1);
  });

  it('rejects a hash mismatch and stores nothing', async () => {
    const ticket = await createUpload(t, ws.keys.contributor, projectId, png, { sha256: 'a'.repeat(64) });
    expect((await putBytes(ticket.url, png, ticket.headers ?? {})).ok).toBe(true);
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(res).toMatchObject({ __typename: 'HashMismatchError', code: 'HASH_MISMATCH' });
    expect(res.message).toContain(sha256(png));
    const again = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(again.__typename).toBe('UploadNotFoundError');
  });

  it('rejects a size mismatch', async () => {
    const ticket = await createUpload(t, ws.keys.contributor, projectId, png, { size: png.length + 10, sha256: null });
    await putBytes(ticket.url, png, ticket.headers ?? {});
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(res).toMatchObject({ __typename: 'SizeMismatchError', code: 'SIZE_MISMATCH' });
  });

  it('rejects a text file named .png (type comes from the bytes)', async () => {
    const text = Buffer.from('this is not an image, whatever the name says\n'.repeat(20));
    const ticket = await createUpload(t, ws.keys.contributor, projectId, text, { filename: 'evil.png', contentType: 'image/png' });
    await putBytes(ticket.url, text, ticket.headers ?? {});
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(res).toMatchObject({ __typename: 'UnsupportedTypeError', code: 'UNSUPPORTED_TYPE' });
  });

  it('answers UploadNotFoundError when nothing was uploaded', async () => {
    const ticket = await createUpload(t, ws.keys.contributor, projectId, Buffer.from('never sent'), { sha256: null });
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(res).toMatchObject({ __typename: 'UploadNotFoundError', code: 'UPLOAD_NOT_FOUND' });
  });

  it('refuses a tampered upload URL with 403 and stores nothing', async () => {
    const bytes = Buffer.concat([png, Buffer.from('tamper')]);
    const ticket = await createUpload(t, ws.keys.contributor, projectId, bytes);
    const tampered = tamper(ticket.url);
    const put = await putBytes(tampered, bytes, ticket.headers ?? {});
    expect(put.status).toBe(403);
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    expect(res.__typename).toBe('UploadNotFoundError');
  });

  it('refuses to issue an upload URL for a declared size over MAX_UPLOAD_BYTES', async () => {
    const res = await t.gql(
      `mutation($i: CreateUploadInput!) { createUpload(input: $i) { uploadId } }`,
      { i: { projectId, filename: 'huge.png', contentType: 'image/png', size: MAX + 1 } },
      ws.keys.contributor,
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0].message).toContain(`exceeds the upload limit of ${MAX} bytes`);
  });

  it('rejects more bytes than MAX_UPLOAD_BYTES even when a smaller size was declared, and keeps nothing', async () => {
    const big = Buffer.concat([png, Buffer.alloc(MAX, 1)]);
    const ticket = await createUpload(t, ws.keys.contributor, projectId, png, { sha256: null });
    const put = await putBytes(ticket.url, big, ticket.headers ?? {});
    if (driver === 'fs') {
      expect(put.status).toBe(413); // the api's own endpoint stops the stream at the cap
    }
    const res = (await completeUpload(t, ws.keys.contributor, ticket.uploadId)).data.completeUpload;
    // fs: nothing was kept, so the upload has no bytes; s3: the bytes landed in the bucket and are refused here.
    if (driver === 'fs') expect(res.__typename).toBe('UploadNotFoundError');
    else expect(res).toMatchObject({ __typename: 'TooLargeError', code: 'TOO_LARGE', maxBytes: MAX });
    const rows = await t.sql(`SELECT count(*)::int AS n FROM asset a JOIN blob b ON b.id = a.blob_id WHERE a.workspace_id = $1 AND b.size > $2`, [ws.id, MAX]);
    expect(rows[0].n).toBe(0);
  });

  it('ingests a video and probes its duration', async () => {
    const mp4 = await readFile(join(__dirname, '../fixtures/video/baremedia_sample.mp4'));
    const asset = await ingest(t, ws.keys.contributor, projectId, mp4);
    expect(asset).toMatchObject({ kind: 'VIDEO', mime: 'video/mp4' });
    const done = await eventually(
      () => t.gql(`query($id: ID!) { asset(id: $id) { width height durationMs processing { state } } }`, { id: asset.id }, ws.keys.viewer),
      (r) => ['DONE', 'FAILED'].includes(r.data.asset.processing.state),
    );
    expect(done.data.asset.processing.state).toBe('DONE');
    expect(done.data.asset.durationMs).toBeGreaterThan(0);
    expect(done.data.asset.width).toBeGreaterThan(0);
  });
});

/** Flips one character of the signature part of a signed URL (fs token or SigV4 query). */
function tamper(url: string): string {
  const u = new URL(url);
  const sig = u.searchParams.get('X-Amz-Signature');
  if (sig) {
    u.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    return u.toString();
  }
  const last = u.pathname.slice(-1);
  u.pathname = u.pathname.slice(0, -1) + (last === 'A' ? 'B' : 'A');
  return u.toString();
}
