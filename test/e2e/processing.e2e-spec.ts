import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, ingest, sha256 } from '../support/ingest';
import { hamming, pngBomb, processed, stepOf, withPngText } from '../support/processing';
import { TaxonomyService } from '../../src/modules/taxonomy/taxonomy.service';
import { PixelsStep } from '../../src/modules/processing/pixels.step';

const fx = (dir: string, name: string) => readFile(join(__dirname, '../fixtures', dir, name));
const PIXEL_STEPS = ['render', 'fingerprint', 'embed'];
jest.setTimeout(120_000);

/** The text of a PNG tEXt chunk, read straight from the file (what the pipeline's values are checked against). */
function pngText(png: Buffer, keyword: string): string {
  for (let o = 8; o + 8 <= png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    const nul = data.indexOf(0);
    if (type === 'tEXt' && data.toString('latin1', 0, nul) === keyword) return data.toString('latin1', nul + 1);
    o += 12 + len;
  }
  throw new Error(`no tEXt ${keyword}`);
}

describe('processing pipeline (real fixtures, real Postgres/Redis, fs storage)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let projectId: string;
  const ids: Record<string, string> = {};

  const add = async (name: string, bytes: Buffer, extra: Record<string, unknown> = {}) => {
    const a = await ingest(t, ws.keys.contributor, projectId, bytes, extra);
    if (a.__typename !== 'Asset') throw new Error(`${name}: ${JSON.stringify(a)}`);
    ids[name] = a.id;
    return a.id as string;
  };
  const get = (name: string) => processed(t, ws.keys.viewer, ids[name]);

  beforeAll(async () => {
    t = await startApp({ PROCESSING_CONCURRENCY: '4' });
    ws = await t.workspace();
    projectId = await createProject(t, ws.keys.contributor, 'Pipeline');
    const tax = t.app.get(TaxonomyService);
    const vocab = await tax.createVocabulary(ws.id, 'Products');
    const apparel = await tax.createTerm(ws.id, vocab.id, { label: 'Apparel' });
    await tax.createTerm(ws.id, vocab.id, { label: 'Footwear', synonyms: ['sneaker', 'running shoes'], parentId: apparel.id });

    const sample = await fx('video', 'baremedia_sample.mp4');
    await Promise.all([
      add('comfy', await fx('genpng', 'comfyui_lora.png')),
      add('a1111png', await fx('genpng', 'sdparsers_automatic1111_cropped.png'), { generation: { model: 'client-model' } }),
      add('a1111jpg', await fx('genpng', 'sdparsers_automatic1111_cropped.jpg')),
      add('invoke', await fx('genpng', 'sdparsers_invokeai_imeta1.png')),
      add('afterIdat', await fx('genpng', 'sdparsers_text_after_idat.png')),
      add('empty', await fx('genpng', 'sdparsers_empty_image.png')),
      add('c2paCA', await fx('c2pa', 'c2pars_CA.jpg')),
      add('c2paXCA', await fx('c2pa', 'c2pars_XCA.jpg')),
      add('c2paBadSig', await fx('c2pa', 'c2pars_E-sig-CA.jpg')),
      add('c2paNone', await fx('c2pa', 'c2pars_earth_apollo17.jpg')),
      add('firefly', await fx('c2pa', 'c2pajs_firefly_thirdparty_gemini.png')),
      add('truncated', await fx('deb', 'skimage_truncated.jpg')),
      add('bomb', pngBomb()),
      add('video', sample),
      add('rotated', await fx('video', 'baremedia_orientation-90.mov')),
      add('brokenVideo', sample.subarray(0, 4096)),
      add('red', await fx('deb', 'openclipart_balloon-red-aj.png')),
      add('blue', await fx('deb', 'openclipart_balloon-blue-aj.png')),
      add('coffee', await fx('deb', 'skimage_coffee.png'), { generation: { prompt: 'two red sneakers next to a cup of coffee, studio light' } }),
      add('rocket', await fx('deb', 'skimage_rocket.jpg')),
    ]);
    const coffee = await sharp(await fx('deb', 'skimage_coffee.png')).resize(300).jpeg({ quality: 70 }).toBuffer();
    await add('coffeeSmall', coffee);
    const rocket = await fx('deb', 'skimage_rocket.jpg');
    await add('cutPixels', rocket.subarray(0, Math.floor(rocket.length * 0.6)));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('ComfyUI PNG: seed, steps, cfg, sampler, model and prompt match the prompt chunk; every step done once', async () => {
    const graph = JSON.parse(pngText(await fx('genpng', 'comfyui_lora.png'), 'prompt')) as Record<string, any>;
    const sampler = Object.values(graph).find((n: any) => n.class_type === 'KSampler') as any;
    const positive = graph[sampler.inputs.positive[0]].inputs.text;
    const ckpt = (Object.values(graph).find((n: any) => /CheckpointLoader/.test(n.class_type)) as any).inputs.ckpt_name;

    const a = await get('comfy');
    expect(a.processing.state).toBe('DONE');
    expect(a.generation).toMatchObject({
      seed: String(sampler.inputs.seed), steps: sampler.inputs.steps, cfgScale: sampler.inputs.cfg, sampler: expect.stringContaining(sampler.inputs.sampler_name),
      model: expect.stringContaining(ckpt.replace(/\.(safetensors|ckpt)$/, '')), prompt: positive,
    });
    expect(a.generation.sources).toMatchObject({ seed: 'comfyui', steps: 'comfyui', prompt: 'comfyui', model: 'comfyui' });
    expect(a.aiGenerated).toBe(true);
    expect(a.processing.steps.map((s: any) => s.name)).toEqual(['probe', 'render', 'fingerprint', 'embed', 'tag', 'index']);
    for (const s of a.processing.steps) expect(s).toMatchObject({ state: 'DONE', error: null, run: 1, producerVersion: expect.any(String) });

    const raw = await t.sql(`SELECT embedded_metadata AS m FROM asset WHERE id = $1`, [Buffer.from(a.id, 'base64url').toString().split(':')[1]]);
    expect(raw[0].m.raw['png.tEXt.prompt']).toContain('KSampler');
    expect(JSON.stringify(raw[0].m).length).toBeLessThan(80 * 1024);
  });

  it('renders WebP thumbnails at 256 and 1024 (never upscaled) behind signed URLs', async () => {
    const a = await get('comfy'); // 2153x788
    const small = await fetch(a.thumbnailUrl);
    expect(small.status).toBe(200);
    const sm = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect(sm).toMatchObject({ format: 'webp', width: 256, height: Math.round((788 * 256) / 2153) });
    const big = await sharp(Buffer.from(await (await fetch(a.t1024)).arrayBuffer())).metadata();
    expect(big).toMatchObject({ format: 'webp', width: 1024 });
    const tiny = await get('a1111png'); // 1x1: never upscaled
    const tm = await sharp(Buffer.from(await (await fetch(tiny.t1024)).arrayBuffer())).metadata();
    expect(tm).toMatchObject({ width: 1, height: 1 });
    const tampered = a.thumbnailUrl.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(tampered)).status).toBeGreaterThanOrEqual(400);
  });

  it('A1111 PNG and JPEG UserComment: prompt, negative, steps, sampler; the client-sent model wins', async () => {
    const png = await get('a1111png');
    expect(png.generation).toMatchObject({ prompt: 'photo of a duck', negativePrompt: 'monochrome', steps: 15, model: 'client-model' });
    expect(png.generation.sampler).toContain('UniPC');
    expect(png.generation.sources).toMatchObject({ prompt: 'a1111', negativePrompt: 'a1111', steps: 'a1111', model: 'client' });
    const jpg = await get('a1111jpg');
    expect(jpg.generation).toMatchObject({ prompt: 'photo of a duck', negativePrompt: 'monochrome', steps: 15 });
    expect(jpg.generation.sources.prompt).toBe('a1111');
  });

  it('InvokeAI metadata and A1111 text after IDAT are read; a PNG without metadata has no generation', async () => {
    const inv = await get('invoke');
    expect(inv.generation.prompt).toEqual(expect.any(String));
    expect(inv.generation.sources.prompt).toBe('invokeai');
    const after = await get('afterIdat');
    expect(after.generation.prompt).toEqual(expect.any(String));
    expect(after.generation.sources.prompt).toBe('a1111');
    const empty = await get('empty');
    expect(empty.generation).toBeNull();
    expect(empty.aiGenerated).toBeNull();
    expect(empty.processing.state).toBe('DONE');
  });

  it('C2PA: presence, ingredients, validation state (untrusted / hash mismatch / bad signature / none) and AI-generated', async () => {
    const c2pa = async (name: string) => {
      await get(name);
      const uuid = Buffer.from(ids[name], 'base64url').toString().split(':')[1];
      return (await t.sql(`SELECT embedded_metadata->'c2pa' AS c, ai_generated, digital_source_type FROM asset WHERE id = $1`, [uuid]))[0];
    };
    expect((await c2pa('c2paCA')).c).toMatchObject({ present: true, validation: 'untrusted', ingredients: [{ title: 'A.jpg', relationship: 'parentOf' }] });
    expect((await c2pa('c2paXCA')).c).toMatchObject({ validation: 'hash_mismatch' });
    expect((await c2pa('c2paBadSig')).c).toMatchObject({ validation: 'invalid_signature' });
    expect((await c2pa('c2paNone')).c).toBeNull();
    const ff = await c2pa('firefly');
    expect(ff).toMatchObject({ ai_generated: true, digital_source_type: 'trainedAlgorithmicMedia' });
    expect(ff.c).toMatchObject({ claimGenerator: 'Adobe_Firefly' });
    const asset = await get('firefly');
    expect(asset.aiGenerated).toBe(true);
    expect(asset.tags).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'ai-generated', source: 'metadata' })]));
  });

  it('a truncated JPEG fails probe with a clear reason; the asset stays, what needs pixels is skipped, it is still indexed', async () => {
    const a = await get('truncated');
    expect(a.processing.state).toBe('FAILED');
    expect(stepOf(a, 'probe')).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/^truncated: Image data is truncated \(JPEG data ends at byte \d+, before its end-of-image marker\)$/) });
    for (const s of [...PIXEL_STEPS, 'tag']) expect(stepOf(a, s)).toMatchObject({ state: 'SKIPPED', error: 'prerequisite probe failed' });
    expect(stepOf(a, 'index').state).toBe('DONE');
    expect(a.thumbnailUrl).toBeNull();
    const uuid = Buffer.from(a.id, 'base64url').toString().split(':')[1];
    expect(await t.sql(`SELECT data FROM asset_event WHERE asset_id = $1 AND type = 'PROCESSING_FAILED'`, [uuid])).toEqual([{ data: expect.objectContaining({ step: 'probe' }) }]);
  });

  it('an image whose header is fine but whose data is cut off fails the pixel steps (one decode) with the decoder reason', async () => {
    const a = await get('cutPixels');
    expect(stepOf(a, 'probe').state).toBe('DONE');
    for (const s of PIXEL_STEPS) expect(stepOf(a, s)).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/^(truncated|corrupt): /) });
    expect(stepOf(a, 'tag').state).toBe('DONE');
    expect(stepOf(a, 'index').state).toBe('DONE');
  });

  it('a decompression bomb fails probe (pixel limit) and skips what needs it, without decoding', async () => {
    const a = await get('bomb');
    expect(stepOf(a, 'probe')).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/20000x20000 .*above the limit .*decompression-bomb/) });
    for (const s of [...PIXEL_STEPS, 'tag']) expect(stepOf(a, s)).toMatchObject({ state: 'SKIPPED', error: 'prerequisite probe failed' });
    expect(stepOf(a, 'index').state).toBe('DONE');
  });

  it('videos: moov-at-end MP4 and a rotated MOV get duration, dimensions, a poster thumbnail and a pHash; an unreadable one fails probe', async () => {
    const v = await get('video');
    expect(v.processing.state).toBe('DONE');
    expect(v).toMatchObject({ kind: 'VIDEO', width: 320, height: 240 });
    expect(v.durationMs).toBeGreaterThan(3500);
    expect(v.phash).toMatch(/^[0-9a-f]{16}$/);
    const poster = await sharp(Buffer.from(await (await fetch(v.thumbnailUrl)).arrayBuffer())).metadata();
    expect(poster).toMatchObject({ format: 'webp', width: 256, height: 192 });

    const r = await get('rotated');
    expect(r.processing.state).toBe('DONE');
    const rp = await sharp(Buffer.from(await (await fetch(r.thumbnailUrl)).arrayBuffer())).metadata();
    // The poster is upright: its orientation matches the probed (rotation-applied) dimensions.
    expect(Math.sign(rp.width! - rp.height!)).toBe(Math.sign(r.width - r.height));
    expect(r.width).not.toBe(r.height);

    const broken = await get('brokenVideo');
    expect(stepOf(broken, 'probe')).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/^ffprobe could not read the video/) });
  });

  it('pHash and palette: red vs blue balloon differ in colour bucket but are pHash neighbours; re-encoded stays close, different images do not', async () => {
    const [red, blue, coffee, small, rocket] = await Promise.all(['red', 'blue', 'coffee', 'coffeeSmall', 'rocket'].map(get));
    const top = (a: any) => a.palette.filter((c: any) => !['white', 'grey', 'black'].includes(c.name)).sort((x: any, y: any) => y.weight - x.weight)[0].name;
    expect(top(red)).toBe('red');
    expect(top(blue)).toBe('blue');
    expect(red.palette.reduce((s: number, c: any) => s + c.weight, 0)).toBeCloseTo(1, 2);
    for (const c of red.palette) expect(c.hex).toMatch(/^#[0-9a-f]{6}$/i);
    expect(hamming(red.phash, blue.phash)).toBeLessThanOrEqual(10);
    expect(hamming(coffee.phash, small.phash)).toBeLessThanOrEqual(8);
    expect(hamming(coffee.phash, rocket.phash)).toBeGreaterThan(16);
  });

  it('tags: prompt keywords/phrases without stop words, metadata facts, vocabulary terms through synonyms', async () => {
    const a = await get('coffee');
    const labels = a.tags.map((x: any) => x.label);
    expect(labels).toEqual(expect.arrayContaining(['coffee', 'landscape', 'aspect:3:2']));
    for (const stop of ['a', 'of', 'to', 'next']) expect(labels).not.toContain(stop);
    const footwear = a.tags.find((x: any) => x.term?.label === 'Footwear');
    expect(footwear).toMatchObject({ label: 'Footwear', source: 'prompt', state: 'SUGGESTED'.toLowerCase() });
    expect(footwear.term).toMatchObject({ slug: 'footwear', synonyms: ['sneaker', 'running shoes'], parent: { label: 'Apparel' } });
    expect(a.tags.find((x: any) => x.label === 'landscape')).toMatchObject({ source: 'metadata', confidence: 1, state: 'accepted' });
    const comfy = await get('comfy');
    expect(comfy.tags.map((x: any) => x.label)).toEqual(expect.arrayContaining([expect.stringMatching(/^model:/)]));
  });

  it('embed: a deterministic L2-normalised built-in descriptor per asset with provider and version recorded', async () => {
    await get('coffee');
    const uuid = (name: string) => Buffer.from(ids[name], 'base64url').toString().split(':')[1];
    const rows = await t.sql(`SELECT kind, provider, version, dims, vector FROM asset_embedding WHERE asset_id = $1`, [uuid('coffee')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'visual', provider: 'lightbox-visual', version: 'lightbox-vd-1', dims: 128 });
    const norm = Math.sqrt(rows[0].vector.reduce((s: number, x: number) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 3);
  });

  it('index: one asset.index outbox row per run carrying the search document; one PROCESSED event per run', async () => {
    const a = await get('coffee');
    const uuid = Buffer.from(a.id, 'base64url').toString().split(':')[1];
    const rows = await t.sql(`SELECT payload FROM outbox WHERE topic = 'asset.index' AND aggregate_id = $1`, [uuid]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.document).toMatchObject({ assetId: uuid, prompt: expect.stringContaining('sneakers'), orientation: 'landscape', phash: a.phash });
    expect(rows[0].payload.document.tags).toEqual(expect.arrayContaining(['coffee', 'Footwear']));
    expect(rows[0].payload.document.descriptor.vector).toHaveLength(128);
    const events = await t.sql(`SELECT data FROM asset_event WHERE asset_id = $1 AND type = 'PROCESSED'`, [uuid]);
    expect(events).toHaveLength(1);
    expect(events[0].data.versions).toMatchObject({ probe: 'probe@2', embed: expect.stringContaining('lightbox-vd-1') });
  });

  it('settles an image in one transaction: its pixel steps run beside probe, tag and index join', async () => {
    const a = await get('red');
    const uuid = Buffer.from(a.id, 'base64url').toString().split(':')[1];
    const rows = await t.sql(`SELECT step, started_at, finished_at, attempts FROM asset_processing_step WHERE asset_id = $1`, [uuid]);
    const row = (step: string) => rows.find((r: any) => r.step === step);
    const steps = ['probe', 'render', 'fingerprint', 'embed', 'tag', 'index'];
    expect(new Set(steps.map((s) => row(s).finished_at.getTime())).size).toBe(1);
    expect(new Set(steps.map((s) => row(s).started_at.getTime())).size).toBe(1);
    expect(steps.map((s) => row(s).attempts)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('a video takes two waves (its poster frame needs probe\'s duration); probe\'s settle starts the second', async () => {
    const v = await get('video');
    const uuid = Buffer.from(v.id, 'base64url').toString().split(':')[1];
    const rows = await t.sql(`SELECT step, started_at, finished_at, attempts FROM asset_processing_step WHERE asset_id = $1`, [uuid]);
    const row = (step: string) => rows.find((r: any) => r.step === step);
    const probeDone = row('probe').finished_at.getTime();
    for (const step of ['render', 'fingerprint', 'embed', 'tag', 'index']) {
      // Marked running by the statement that settled probe (same instant), one attempt each, settled together later.
      expect(row(step).started_at.getTime()).toBe(probeDone);
      expect(row(step).attempts).toBe(1);
      expect(row(step).finished_at.getTime()).toBe(row('render').finished_at.getTime());
    }
    expect(row('render').finished_at.getTime()).toBeGreaterThan(probeDone);
  });

  it('a step whose effect fails does not take the rest of its wave with it', async () => {
    // A trigger rejects the fingerprint's write for this asset only: the wave's one transaction rolls back, then the
    // wave settles step by step. render and embed keep their results; fingerprint fails (after its retries) with the reason.
    await t.sql(`CREATE FUNCTION test_reject_phash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.phash IS DISTINCT FROM OLD.phash AND NEW.title = 'reject-phash' THEN RAISE EXCEPTION 'injected: phash rejected'; END IF;
        RETURN NEW;
      END $$`);
    await t.sql(`CREATE TRIGGER test_reject_phash BEFORE UPDATE ON asset FOR EACH ROW EXECUTE FUNCTION test_reject_phash()`);
    try {
      const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#884422' } }).png().toBuffer();
      const id = await add('rejectPhash', png, { title: 'reject-phash' });
      const a = await processed(t, ws.keys.viewer, id, 55_000);
      expect(stepOf(a, 'fingerprint')).toMatchObject({ state: 'FAILED', error: expect.stringContaining('injected: phash rejected') });
      expect(['probe', 'render', 'embed', 'tag', 'index'].map((s) => stepOf(a, s).state)).toEqual(['DONE', 'DONE', 'DONE', 'DONE', 'DONE']);
      expect(a.thumbnailUrl).toBeTruthy();
      expect(a.phash).toBeNull();
      const uuid = Buffer.from(id, 'base64url').toString().split(':')[1];
      expect(await t.sql(`SELECT 1 FROM asset_embedding WHERE asset_id = $1 AND kind = 'visual'`, [uuid])).toHaveLength(1);
    } finally {
      await t.sql(`DROP TRIGGER test_reject_phash ON asset`);
      await t.sql(`DROP FUNCTION test_reject_phash()`);
    }
  }, 90_000);

  it('processingFailures lists assets with failed steps (Relay pages, this workspace only)', async () => {
    await Promise.all(['truncated', 'bomb', 'brokenVideo', 'comfy'].map(get));
    const q = `query($f: Int, $a: String) { processingFailures(first: $f, after: $a) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    const all = await t.gql(q, { f: 50 }, ws.keys.viewer);
    const listed = all.data.processingFailures.edges.map((e: any) => e.node.id);
    expect(listed).toEqual(expect.arrayContaining([ids.truncated, ids.bomb, ids.brokenVideo]));
    expect(listed).not.toContain(ids.comfy);
    const p1 = await t.gql(q, { f: 1 }, ws.keys.viewer);
    expect(p1.data.processingFailures.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql(q, { f: 1, a: p1.data.processingFailures.pageInfo.endCursor }, ws.keys.viewer);
    expect(p2.data.processingFailures.edges[0].node.id).not.toBe(p1.data.processingFailures.edges[0].node.id);
    const other = await t.workspace();
    expect((await t.gql(q, { f: 50 }, other.keys.admin)).data.processingFailures.edges).toEqual([]);
  });

  it('reprocessAssets: contributor+, validates steps, re-runs the step and what depends on it with a new run', async () => {
    await get('rocket');
    const m = `mutation($i: ReprocessAssetsInput!) { reprocessAssets(input: $i) { id processing { steps { name state run } } } }`;
    const denied = await t.gql(m, { i: { assetIds: [ids.rocket], steps: ['fingerprint'] } }, ws.keys.viewer);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(m, { i: { assetIds: [ids.rocket], steps: ['nope'] } }, ws.keys.contributor);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toContain('nope');
    const other = await t.workspace();
    expect((await t.gql(m, { i: { assetIds: [ids.rocket] } }, other.keys.admin)).data.reprocessAssets).toEqual([]);

    const res = await t.gql(m, { i: { assetIds: [ids.rocket], steps: ['fingerprint'] } }, ws.keys.contributor);
    expect(res.errors).toBeUndefined();
    expect(res.data.reprocessAssets.map((a: any) => a.id)).toEqual([ids.rocket]);
    const a = await get('rocket');
    expect(Object.fromEntries(a.processing.steps.map((s: any) => [s.name, [s.state, s.run]]))).toEqual({
      probe: ['DONE', 1], render: ['DONE', 1], fingerprint: ['DONE', 2], embed: ['DONE', 1], tag: ['DONE', 2], index: ['DONE', 2],
    });
    const uuid = Buffer.from(ids.rocket, 'base64url').toString().split(':')[1];
    expect(await t.sql(`SELECT 1 FROM asset_event WHERE asset_id = $1 AND type = 'PROCESSED'`, [uuid])).toHaveLength(2);
    expect(await t.sql(`SELECT 1 FROM outbox WHERE aggregate_id = $1 AND topic = 'asset.index'`, [uuid])).toHaveLength(2);
    // The provider-upgrade path: exactly the assets whose step was produced by a given version.
    const by = await t.gql(`{ assetsProcessedBy(step: "fingerprint", producerVersion: "${PixelsStep.versions.fingerprint}", first: 100) { edges { node { id } } } }`, {}, ws.keys.viewer);
    expect(by.data.assetsProcessedBy.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([ids.rocket, ids.coffee]));
    expect(by.data.assetsProcessedBy.edges.map((e: any) => e.node.id)).not.toContain(ids.truncated);
  });

  it('parent from metadata: a ComfyUI LoadImage hash links to the same-workspace asset with those bytes, never across workspaces or into a cycle', async () => {
    const base = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const hintTo = (bytes: Buffer, seed: number) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc6633' } })
        .png()
        .toBuffer()
        .then((png) => withPngText(png, { prompt: JSON.stringify({ '1': { class_type: 'LoadImage', inputs: { image: 'in.png' }, is_changed: [sha256(bytes)] }, '3': { class_type: 'KSampler', inputs: { seed, steps: 4, cfg: 2 } } }) }));

    // Y names X's bytes before X exists: no link. X is then uploaded as Y's child by the client.
    const y = await add('y', await hintTo(base, 1));
    expect((await processed(t, ws.keys.viewer, y)).parent).toBeNull();
    const x = await add('x', base, { parentId: y });
    await processed(t, ws.keys.viewer, x);
    await t.gql(`mutation($i: ReprocessAssetsInput!) { reprocessAssets(input: $i) { id } }`, { i: { assetIds: [y], steps: ['probe'] } }, ws.keys.contributor);
    const yAgain = await processed(t, ws.keys.viewer, y);
    expect(stepOf(yAgain, 'probe').run).toBe(2);
    expect(yAgain.parent).toBeNull(); // linking would close the loop x → y → x

    const child = await add('child', await hintTo(base, 2));
    const c = await processed(t, ws.keys.viewer, child);
    // Probe's own state is part of the expectation, so a failure shows what probe did.
    expect({ parent: c.parent, operation: c.operation, probe: stepOf(c, 'probe') }).toEqual({ parent: { id: x }, operation: 'IMG2IMG', probe: expect.objectContaining({ state: 'DONE' }) });
    const uuid = Buffer.from(child, 'base64url').toString().split(':')[1];
    expect((await t.sql(`SELECT parent_source FROM asset WHERE id = $1`, [uuid]))[0].parent_source).toBe('comfyui');

    const other = await t.workspace();
    const op = await createProject(t, other.keys.contributor, 'Other');
    const foreign = await ingest(t, other.keys.contributor, op, await hintTo(base, 3));
    expect((await processed(t, other.keys.viewer, foreign.id)).parent).toBeNull();
  });
});
