import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, TestApp } from '../support/app';
import { createProject, ingest } from '../support/ingest';
import { processed, stepOf } from '../support/processing';
import { TaxonomyService } from '../../src/modules/taxonomy/taxonomy.service';

jest.setTimeout(120_000);

/** A local stand-in for the third-party APIs: OpenAI-compatible embeddings, an image embedder, a vision tagger. */
function stubServer(): Promise<{ url: string; calls: { path: string; body: any; auth?: string }[]; close(): Promise<void> }> {
  const calls: { path: string; body: any; auth?: string }[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  };
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    calls.push({ path: req.url!, body, auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/embeddings') return res.end(JSON.stringify({ object: 'list', model: 'stub-embed-2', data: [{ index: 0, embedding: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }] }));
    if (req.url === '/image-embed') return res.end(JSON.stringify({ model: 'stub-clip-1', embedding: [1, 0, 0, 0] }));
    if (req.url === '/vision') return res.end(JSON.stringify({ model: 'stub-vision-3', tags: [{ label: 'Sneakers', confidence: 0.91 }, { label: 'table', confidence: 0.4 }] }));
    res.statusCode = 404;
    res.end('{}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url, calls, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

describe('optional HTTP providers (embedding, image embedding, vision tagger) against a local stub', () => {
  let t: TestApp;
  let stub: Awaited<ReturnType<typeof stubServer>>;

  beforeAll(async () => {
    stub = await stubServer();
    t = await startApp({
      EMBEDDING_URL: stub.url, EMBEDDING_MODEL: 'stub-embed', EMBEDDING_API_KEY: 'sk-test', EMBEDDING_IMAGE_URL: `${stub.url}/image-embed`,
      VISION_TAGGER_URL: `${stub.url}/vision`,
    });
  });

  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  it('embeds the prompt and the pixels through the providers, records provider and version per vector, and adds vision tags', async () => {
    const ws = await t.workspace();
    const tax = t.app.get(TaxonomyService);
    const vocab = await tax.createVocabulary(ws.id, 'Products');
    await tax.createTerm(ws.id, vocab.id, { label: 'Footwear', synonyms: ['sneaker'] });
    const projectId = await createProject(t, ws.keys.contributor);
    const png = await readFile(join(__dirname, '../fixtures/deb/skimage_coffee.png'));
    const asset = await ingest(t, ws.keys.contributor, projectId, png, { generation: { prompt: 'a cup of coffee on a wooden table' } });
    const a = await processed(t, ws.keys.viewer, asset.id);
    expect(a.processing.state).toBe('DONE');

    const embedCall = stub.calls.find((c) => c.path === '/v1/embeddings')!;
    expect(embedCall.body).toEqual({ model: 'stub-embed', input: 'a cup of coffee on a wooden table' });
    expect(embedCall.auth).toBe('Bearer sk-test');
    expect(stub.calls.find((c) => c.path === '/image-embed')!.body.image).toEqual(expect.any(String));

    const uuid = Buffer.from(a.id, 'base64url').toString().split(':')[1];
    const rows = await t.sql(`SELECT kind, provider, version, dims FROM asset_embedding WHERE asset_id = $1 ORDER BY kind`, [uuid]);
    expect(rows).toEqual([
      { kind: 'image', provider: 'openai-compatible-image', version: 'stub-clip-1', dims: 4 },
      { kind: 'text', provider: 'openai-compatible', version: 'stub-embed-2', dims: 8 },
      { kind: 'visual', provider: 'lightbox-visual', version: 'lightbox-vd-1', dims: 128 },
    ]);
    expect(stepOf(a, 'embed').producerVersion).toBe('embed@2/lightbox-vd-1+openai-compatible:stub-embed-2+openai-compatible-image:stub-clip-1');

    const vision = a.tags.filter((x: any) => x.source === 'vision');
    expect(vision).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'Footwear', confidence: expect.closeTo(0.91, 2), state: 'suggested', term: expect.objectContaining({ label: 'Footwear' }) }),
        expect.objectContaining({ label: 'table', term: null }),
      ]),
    );
    expect(stepOf(a, 'tag').producerVersion).toBe('tag@1+http-vision:stub-vision-3');
  });
});
