import { createHash } from 'node:crypto';
import type { TestApp } from './app';

export const ASSET_FIELDS = `
  __typename
  ... on Asset { id title kind mime size sha256 width height durationMs status createdAt operation originalUrl
    createdBy { id name role } project { id slug }
    generation { model prompt seed steps cfgScale sources }
    parent { id } processing { state steps { name state error attempts } } }
  ... on ErrorResult { code message }
  ... on UnsupportedTypeError { detectedType }
  ... on TooLargeError { maxBytes }
`;

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function createProject(t: TestApp, key: string, name = 'Summer Campaign'): Promise<string> {
  const res = await t.gql(`mutation($n: String!) { createProject(input: { name: $n }) { id slug } }`, { n: name }, key);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createProject.id;
}

export async function createUpload(t: TestApp, key: string, projectId: string, bytes: Buffer, over: Record<string, unknown> = {}) {
  const res = await t.gql(
    `mutation($i: CreateUploadInput!) { createUpload(input: $i) { uploadId url method headers expiresAt alreadyStored } }`,
    { i: { projectId, filename: 'image.png', contentType: 'image/png', size: bytes.length, sha256: sha256(bytes), ...over } },
    key,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createUpload as { uploadId: string; url: string; method: string; headers: Record<string, string>; alreadyStored: boolean };
}

export async function putBytes(url: string, bytes: Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'PUT', body: bytes, headers });
}

export async function completeUpload(t: TestApp, key: string, uploadId: string, extra: Record<string, unknown> = {}) {
  return t.gql(`mutation($i: CompleteUploadInput!) { completeUpload(input: $i) { ${ASSET_FIELDS} } }`, { i: { uploadId, ...extra } }, key);
}

/** createUpload → PUT → completeUpload, as a client does. */
export async function ingest(t: TestApp, key: string, projectId: string, bytes: Buffer, extra: Record<string, unknown> = {}) {
  const up = await createUpload(t, key, projectId, bytes);
  if (!up.alreadyStored) {
    const put = await putBytes(up.url, bytes, up.headers ?? {});
    if (!put.ok) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
  }
  const res = await completeUpload(t, key, up.uploadId, extra);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.completeUpload;
}

/** Polls until `check` passes or the deadline expires (jobs run asynchronously on the worker). */
export async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}
