import { createServer, Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { ASSET_FIELDS, createProject } from '../support/ingest';

const IMPORT = `mutation($i: ImportAssetFromUrlInput!) { importAssetFromUrl(input: $i) { ${ASSET_FIELDS} } }`;

// The origin server listens on 127.0.0.2, which the app is told to allow (IMPORT_ALLOWED_CIDRS), so
// the happy path is testable; 127.0.0.1 and every other private address stay blocked.
describe('importAssetFromUrl', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let projectId: string;
  let server: Server;
  let origin: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    jpeg = await readFile(join(__dirname, '../fixtures/ingest/skimage_rocket.jpg'));
    server = createServer((req, res) => {
      if (req.url === '/rocket.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      if (req.url === '/to-loopback') return void res.writeHead(302, { location: 'http://127.0.0.1:1/x.jpg' }).end();
      if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/text.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end('plain text, not a png');
      if (req.url === '/big') return void res.writeHead(200).end(Buffer.alloc(300_000, 1));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', () => r()));
    origin = `http://127.0.0.2:${(server.address() as { port: number }).port}`;
    t = await startApp({ IMPORT_ALLOWED_CIDRS: '127.0.0.2/32', MAX_UPLOAD_BYTES: '200000', IMPORT_TIMEOUT_MS: '5000' });
    ws = await t.workspace();
    projectId = await createProject(t, ws.keys.contributor);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => server?.close(r));
  });

  const run = async (url: string) => (await t.gql(IMPORT, { i: { projectId, url } }, ws.keys.contributor)).data.importAssetFromUrl;

  it('imports an image from an allowed origin', async () => {
    const asset = await run(`${origin}/rocket.jpg`);
    expect(asset).toMatchObject({ __typename: 'Asset', kind: 'IMAGE', mime: 'image/jpeg', size: jpeg.length, title: 'rocket.jpg', status: 'DRAFT' });
  });

  it.each([
    ['loopback IPv4', 'http://127.0.0.1/x.jpg'],
    ['a name that resolves to loopback (localhost)', 'http://localhost/x.jpg'],
    ['loopback IPv6', 'http://[::1]/x.jpg'],
    ['private 10/8', 'http://10.0.0.5/x.jpg'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data'],
    ['decimal loopback', 'http://2130706433/x.jpg'],
    ['non-http scheme', 'file:///etc/passwd'],
    ['ftp scheme', 'ftp://example.com/x.jpg'],
    ['redirect to loopback', '/to-loopback'],
    ['redirect to metadata', '/to-metadata'],
  ])('blocks %s', async (_name, url) => {
    const res = await run(url.startsWith('/') ? origin + url : url);
    expect(res).toMatchObject({ __typename: 'BlockedUrlError', code: 'BLOCKED_URL' });
  });

  it('rejects content over the size cap and stores nothing', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM blob WHERE workspace_id = $1`, [ws.id]);
    const res = await run(`${origin}/big`);
    expect(res).toMatchObject({ __typename: 'TooLargeError', code: 'TOO_LARGE', maxBytes: 200000 });
    const after = await t.sql(`SELECT count(*)::int AS n FROM blob WHERE workspace_id = $1`, [ws.id]);
    expect(after[0].n).toBe(before[0].n);
  });

  it('rejects non-image content whatever its header says', async () => {
    expect(await run(`${origin}/text.png`)).toMatchObject({ __typename: 'UnsupportedTypeError', code: 'UNSUPPORTED_TYPE' });
  });

  it('reports a failed fetch', async () => {
    expect(await run(`${origin}/missing.jpg`)).toMatchObject({ __typename: 'FetchFailedError', code: 'FETCH_FAILED' });
  });
});
