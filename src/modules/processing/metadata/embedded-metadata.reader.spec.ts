import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { closeC2paWorker, readEmbeddedMetadata, type EmbeddedMetadataOptions } from './embedded-metadata.reader';
import { INPUT_KINDS, inputOf, type InputKind } from './input-kinds.test-helper';

const FIX = join(__dirname, '../../../../test/fixtures');
const genpng = (f: string) => join(FIX, 'genpng', f);
const c2pa = (f: string) => join(FIX, 'c2pa', f);
const tmp = mkdtempSync(join(tmpdir(), 'embedded-meta-'));
const exifJpg = join(tmp, 'exif.jpg');
const exifWebp = join(tmp, 'exif.webp');

beforeAll(async () => {
  const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:dc="http://purl.org/dc/elements/1.1/" Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">a red square on white</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>';
  const img = sharp({ create: { width: 8, height: 6, channels: 3, background: '#f00' } })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5', Software: 'Midjourney 6', ImageDescription: 'exif caption' }, IFD2: { DateTimeOriginal: '2024:05:06 07:08:09', OffsetTimeOriginal: '+02:00' } })
    .withXmp(xmp);
  await img.clone().jpeg().toFile(exifJpg);
  await img.clone().webp().toFile(exifWebp);
});

afterAll(() => closeC2paWorker());

// Every case runs twice: from the path, and from the file's bytes in memory (as the probe step passes small images).
describe.each<InputKind>(INPUT_KINDS)('readEmbeddedMetadata from a %s', (kind) => {
  const read = (file: string, mime: string, options?: EmbeddedMetadataOptions) => readEmbeddedMetadata(inputOf(kind, file), mime, options);

  describe('generator formats', () => {
    it('A1111 PNG tEXt parameters', async () => {
      const m = await read(genpng('sdparsers_automatic1111_cropped.png'), 'image/png');
      expect(m.generation).toMatchObject({ prompt: 'photo of a duck', negativePrompt: 'monochrome', steps: 15, sampler: 'UniPC', cfgScale: 5, seed: '235284042', width: 512, height: 400, model: 'realistic_realisticVisionV20_v20', tool: 'Automatic1111' });
      expect(m.sources).toMatchObject({ prompt: 'a1111', seed: 'a1111', model: 'a1111', params: 'a1111' });
      expect(m.aiGenerated).toBe(true);
      expect(m.digitalSourceType).toBeNull();
      expect(m.c2pa).toBeNull();
      expect(m.raw['png.tEXt.parameters']).toContain('Model hash: c0d1994c73');
    });

    it('A1111 JPEG EXIF UserComment (UNICODE, UTF-16BE)', async () => {
      const m = await read(genpng('sdparsers_automatic1111_cropped.jpg'), 'image/jpeg');
      expect(m.generation).toMatchObject({ prompt: 'photo of a duck', negativePrompt: 'monochrome', steps: 15, sampler: 'UniPC', cfgScale: 5, seed: '235284042', width: 512, height: 400, model: 'realistic_realisticVisionV20_v20' });
      expect(m.sources.prompt).toBe('a1111');
      expect(m.raw['exif.UserComment']).toMatch(/^photo of a duck/);
    });

    it('zTXt parameters after IDAT', async () => {
      const m = await read(genpng('sdparsers_text_after_idat.png'), 'image/png');
      expect(m.generation).toMatchObject({ prompt: 'photo of a duck', seed: '235284042', steps: 15 });
      expect(m.raw['png.zTXt.parameters']).toBeDefined();
    });

    it('A1111 stealth pnginfo in alpha LSBs', async () => {
      const m = await read(genpng('sdparsers_automatic1111_stealth.png'), 'image/png');
      expect(m.generation).toMatchObject({ prompt: 'a circle', negativePrompt: 'a square', steps: 20, sampler: 'Euler', cfgScale: 7, seed: '2015833630', width: 64, height: 64, model: 'realisticVisionV51_v51VAE' });
      expect(m.generation.params).toMatchObject({ 'Clip skip': '2', 'Schedule type': 'Automatic', 'Version': 'v1.9.4-169-ga30b19dd' });
      const off = await read(genpng('sdparsers_automatic1111_stealth.png'), 'image/png', { stealth: false });
      expect(off.generation).toEqual({});
    });

    it('ComfyUI prompt graph; workflow kept in raw; LoadImage hash as parent hint', async () => {
      const m = await read(genpng('comfyui_img2img_workflow.png'), 'image/png');
      expect(m.generation).toMatchObject({ tool: 'ComfyUI', seed: '280823642470253', steps: 20, cfgScale: 8, sampler: 'dpmpp_2m', model: 'v1-5-pruned-emaonly.ckpt', prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass' });
      expect(m.sources.seed).toBe('comfyui');
      expect(m.parentHints).toEqual([{ sha256: ['a8e215ad32a0052fc4190e9c5863428d5ee35cd98b246243842ba8360511b7c4'], source: 'comfyui' }]);
      expect(String(m.raw['png.tEXt.workflow'])).toMatch(/^\{"last_node_id": 14/);
    });

    it('InvokeAI, Fooocus and NovelAI fixtures', async () => {
      const inv = await read(genpng('sdparsers_invokeai_imeta1.png'), 'image/png');
      expect(inv.generation).toMatchObject({ tool: 'InvokeAI', seed: '3293022630', steps: 35, model: 'juggernautXL', width: 1024, height: 1024 });
      expect(inv.sources.seed).toBe('invokeai');
      const foo = await read(genpng('sdparsers_fooocus1_cropped.png'), 'image/png');
      expect(foo.generation).toMatchObject({ tool: 'Fooocus', seed: '6952411511246973023', prompt: 'a smiling goldfish' });
      expect(foo.sources.seed).toBe('fooocus');
      const nai = await read(genpng('sdparsers_novelai1_cropped.png'), 'image/png');
      expect(nai.generation).toMatchObject({ tool: 'NovelAI', provider: 'NovelAI', seed: '2253955223', cfgScale: 10 });
      expect(nai.sources.provider).toBe('novelai');
    });

    it('PNG without generator metadata -> empty generation, unknown AI status', async () => {
      const m = await read(genpng('sdparsers_empty_image.png'), 'image/png');
      expect(m.generation).toEqual({});
      expect(m.sources).toEqual({});
      expect(m.aiGenerated).toBeNull();
      expect(m.parentHints).toEqual([]);
      expect(m.raw['png.tEXt.date:create']).toBe('2025-03-27T21:10:17+00:00');
    });
  });

  describe('EXIF / XMP / robustness', () => {
    it('a truncated JPEG does not throw', async () => {
      const m = await read(join(FIX, 'deb', 'skimage_truncated.jpg'), 'image/jpeg');
      expect(m.generation).toEqual({});
      expect(m.c2pa).toBeNull();
    });

    it('truncated ComfyUI PNG keeps the chunks before the cut', async () => {
      const full = readFileSync(genpng('comfyui_lora.png'));
      const cut = join(tmp, 'cut.png');
      writeFileSync(cut, full.subarray(0, 33 + 12 + 1013 + 500)); // prompt chunk complete, workflow cut
      const m = await read(cut, 'image/png');
      expect(m.generation.seed).toBe('851616030078638');
      expect(m.raw['errors']).toEqual(expect.arrayContaining([expect.stringMatching(/truncated/)]));
    });

    it('EXIF orientation/date/make/model/software; AI declared in XMP fills prompt/tool from XMP', async () => {
      for (const [file, mime] of [[exifJpg, 'image/jpeg'], [exifWebp, 'image/webp']]) {
        const m = await read(file, mime);
        expect(m.exif).toEqual({ orientation: 6, capturedAt: '2024-05-06T07:08:09+02:00', make: 'Canon', model: 'EOS R5', software: 'Midjourney 6' });
        expect(m.aiGenerated).toBe(true);
        expect(m.digitalSourceType).toBe('trainedAlgorithmicMedia');
        expect(m.generation).toEqual({ prompt: 'a red square on white', tool: 'Midjourney 6' });
        expect(m.sources).toEqual({ prompt: 'xmp', tool: 'exif' });
      }
    });

    it('EXIF dates without a zone are kept as wall-clock strings (not re-zoned); photo captions are not prompts', async () => {
      const jpg = join(tmp, 'photo.jpg');
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0f0' } })
        .withExif({ IFD0: { Make: 'Nikon', ImageDescription: 'holiday photo' }, IFD2: { DateTimeOriginal: '2020:01:02 03:04:05' } })
        .jpeg().toFile(jpg);
      const m = await read(jpg, 'image/jpeg');
      expect(m.exif).toMatchObject({ capturedAt: '2020-01-02T03:04:05', make: 'Nikon' });
      expect(m.generation).toEqual({});
      expect(m.aiGenerated).toBeNull();
    });
  });

  describe('C2PA (c2pa-wasm in a worker thread)', () => {
    jest.setTimeout(60_000);

    it('manifest with test-CA signature: untrusted by default, valid when trust is not checked', async () => {
      const m = await read(c2pa('c2pars_C.jpg'), 'image/jpeg');
      expect(m.c2pa).toMatchObject({ present: true, claimGenerator: 'make_test_images/0.33.1 c2pa-rs/0.33.1', title: 'C.jpg', validation: 'untrusted', ingredients: [] });
      expect(m.c2pa).toMatchObject({ actions: ['c2pa.created'], digitalSourceType: 'algorithmicMedia' });
      expect(m.c2pa!.validationErrors.join()).toMatch(/signingCredential\.untrusted/);
      // algorithmicMedia (procedural gradient) is declared, and it is not a trained-model code.
      expect(m.digitalSourceType).toBe('algorithmicMedia');
      expect(m.aiGenerated).toBe(false);
      expect(m.generation).toEqual({});
      const noTrust = await read(c2pa('c2pars_C.jpg'), 'image/jpeg', { c2pa: { verifyTrust: false } });
      expect(noTrust.c2pa).toMatchObject({ validation: 'valid', validationErrors: [] });
    });

    it('ingredient (CA.jpg): parent ingredient title/relationship and actions', async () => {
      const m = await read(c2pa('c2pars_CA.jpg'), 'image/jpeg');
      expect(m.c2pa).toMatchObject({ title: 'CA.jpg', actions: ['c2pa.opened', 'c2pa.color_adjustments'], ingredients: [{ title: 'A.jpg', relationship: 'parentOf' }], validation: 'untrusted' });
    });

    it('tampered pixels (XCA.jpg) -> hash_mismatch; bad claim signature (E-sig-CA.jpg) -> invalid_signature', async () => {
      const x = await read(c2pa('c2pars_XCA.jpg'), 'image/jpeg');
      expect(x.c2pa).toMatchObject({ validation: 'hash_mismatch' });
      expect(x.c2pa!.validationErrors.join()).toMatch(/assertion\.dataHash\.mismatch/);
      const e = await read(c2pa('c2pars_E-sig-CA.jpg'), 'image/jpeg');
      expect(e.c2pa).toMatchObject({ validation: 'invalid_signature' });
      expect(e.c2pa!.validationErrors.join()).toMatch(/claimSignature\.mismatch/);
    });

    it('no manifest (earth_apollo17.jpg) and remote-only manifest (libpng-test_with_url.png) -> c2pa null, no network', async () => {
      const none = await read(c2pa('c2pars_earth_apollo17.jpg'), 'image/jpeg');
      expect(none.c2pa).toBeNull();
      const remote = await read(c2pa('c2pars_libpng-test_with_url.png'), 'image/png');
      expect(remote.c2pa).toBeNull();
      expect(remote.raw['c2paRemoteManifestUrl']).toBe('http://localhost:5000/libpng-test.c2pa');
    });

    it('AI-generated PNG (Firefly + Gemini): trainedAlgorithmicMedia from C2PA and XMP, model from the action', async () => {
      const m = await read(c2pa('c2pajs_firefly_thirdparty_gemini.png'), 'image/png');
      expect(m.aiGenerated).toBe(true);
      expect(m.digitalSourceType).toBe('trainedAlgorithmicMedia');
      expect(m.c2pa).toMatchObject({ claimGenerator: 'Adobe_Firefly', title: 'Generated Image', digitalSourceType: 'trainedAlgorithmicMedia', actions: ['c2pa.opened'], ingredients: [{ title: 'Generated Image', relationship: 'parentOf' }], validation: 'untrusted' });
      expect(m.generation).toMatchObject({ model: 'gemini-flash', tool: 'Adobe_Firefly', params: { modelVersion: 'nano-banana', details: 'Gemini Flash' } });
      expect(m.sources).toMatchObject({ model: 'c2pa', tool: 'c2pa' });
      expect(m.raw['iptc']).toEqual({ Credit: 'Made with Google AI' });
      expect(Buffer.byteLength(JSON.stringify(m.raw))).toBeLessThanOrEqual(64 * 1024);
    });

    it('MP4 with a C2PA uuid box', async () => {
      const m = await read(c2pa('c2pars_video1.mp4'), 'video/mp4');
      expect(m.c2pa).toMatchObject({ title: 'My Title', actions: ['c2pa.opened'], ingredients: [{ title: 'video1.mp4', relationship: 'parentOf' }], validation: 'untrusted' });
    });

    it('a file whose C2PA store is damaged reports validation error instead of throwing', async () => {
      const src = readFileSync(c2pa('c2pars_C.jpg'));
      const broken = Buffer.from(src);
      const at = broken.indexOf(Buffer.from('c2pa.signature'));
      broken.fill(0x41, at - 2000 > 0 ? at - 2000 : 0, at); // scribble over the manifest boxes
      const file = join(tmp, 'broken-c2pa.jpg');
      writeFileSync(file, broken);
      const m = await read(file, 'image/jpeg');
      expect(m.c2pa).toMatchObject({ present: true, validation: 'error', actions: [] });
      expect(m.c2pa!.validationErrors.join()).toMatch(/Jumbf/);
      const tooBig = await read(c2pa('c2pars_C.jpg'), 'image/jpeg', { c2pa: { maxFileBytes: 1000 } });
      expect(tooBig.c2pa).toMatchObject({ validation: 'error', validationErrors: [expect.stringMatching(/exceeds/)] });
    });
  });
});

describe('readEmbeddedMetadata: a path and the same bytes in memory', () => {
  jest.setTimeout(60_000);

  it.each([
    ['PNG tEXt (A1111)', genpng('sdparsers_automatic1111_cropped.png'), 'image/png'],
    ['PNG zTXt after IDAT', genpng('sdparsers_text_after_idat.png'), 'image/png'],
    ['PNG stealth pnginfo', genpng('sdparsers_automatic1111_stealth.png'), 'image/png'],
    ['PNG ComfyUI graph', genpng('comfyui_img2img_workflow.png'), 'image/png'],
    ['JPEG EXIF UserComment', genpng('sdparsers_automatic1111_cropped.jpg'), 'image/jpeg'],
    ['JPEG EXIF + XMP', exifJpg, 'image/jpeg'],
    ['WebP EXIF + XMP', exifWebp, 'image/webp'],
    ['truncated JPEG', join(FIX, 'deb', 'skimage_truncated.jpg'), 'image/jpeg'],
    ['C2PA valid (untrusted test CA)', c2pa('c2pars_C.jpg'), 'image/jpeg'],
    ['C2PA tampered', c2pa('c2pars_XCA.jpg'), 'image/jpeg'],
    ['C2PA bad signature', c2pa('c2pars_E-sig-CA.jpg'), 'image/jpeg'],
    ['no C2PA manifest', c2pa('c2pars_earth_apollo17.jpg'), 'image/jpeg'],
    ['C2PA PNG + XMP/IPTC (Firefly)', c2pa('c2pajs_firefly_thirdparty_gemini.png'), 'image/png'],
    ['MP4 (BMFF) with a C2PA uuid box', c2pa('c2pars_video1.mp4'), 'video/mp4'],
  ])('%s: equal results', async (_, file, mime) => {
    const bytes = readFileSync(file);
    const fromBytes = await readEmbeddedMetadata(bytes, mime);
    expect(fromBytes).toEqual(await readEmbeddedMetadata(file, mime));
    // The caller's buffer is shared with other steps: it must come back intact (not detached by a worker transfer).
    expect(bytes.equals(readFileSync(file))).toBe(true);
  });

  it('C2PA size cap applies to bytes as to files', async () => {
    const options = { c2pa: { maxFileBytes: 1000 } };
    const fromBytes = await readEmbeddedMetadata(readFileSync(c2pa('c2pars_C.jpg')), 'image/jpeg', options);
    expect(fromBytes).toEqual(await readEmbeddedMetadata(c2pa('c2pars_C.jpg'), 'image/jpeg', options));
    expect(fromBytes.c2pa).toMatchObject({ validation: 'error', validationErrors: [expect.stringMatching(/exceeds/)] });
  });

  it('an unreadable path and empty bytes do not throw', async () => {
    const missing = await readEmbeddedMetadata(join(tmp, 'nope.png'), 'image/png');
    expect(missing.generation).toEqual({});
    expect(missing.raw).toEqual({ container: { format: 'png', mime: 'image/png' }, errors: [expect.stringMatching(/^open: ENOENT/)] });
    const empty = await readEmbeddedMetadata(Buffer.alloc(0), 'image/png');
    expect(empty.generation).toEqual({});
    expect(empty.aiGenerated).toBeNull();
  });
});
