import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openByteSource } from './byte-range.source';
import { looksLikeFooocusJson, parseFooocusParameters } from './fooocus-metadata.parser';
import { parseInvokeAiDream, parseInvokeAiLegacyMetadata, parseInvokeAiMetadata } from './invokeai-metadata.parser';
import { parseNovelAi } from './novelai-metadata.parser';
import { readPngChunks } from './png-chunks.reader';

const GENPNG = join(__dirname, '../../../../test/fixtures/genpng');

async function texts(file: string): Promise<Map<string, string>> {
  const scan = await readPngChunks(await openByteSource(readFileSync(join(GENPNG, file))));
  return new Map(scan.texts.map((t) => [t.keyword, t.text]));
}

describe('InvokeAI', () => {
  it('parses invokeai_metadata (fixture)', async () => {
    const g = parseInvokeAiMetadata((await texts('sdparsers_invokeai_imeta1.png')).get('invokeai_metadata')!)!;
    expect(g).toMatchObject({
      tool: 'InvokeAI',
      prompt: 'digital artwork, oil painting. painterly brushstrokes, holidays,',
      negativePrompt: 'grainy+, photo, oversaturated, overexposed, blurry, compressed jpg+, noisy++, unfocused , black and white',
      seed: '3293022630',
      steps: 35,
      cfgScale: 8,
      sampler: 'euler',
      width: 1024,
      height: 1024,
      model: 'juggernautXL',
    });
    expect(g.params).toMatchObject({ generation_mode: 'sdxl_txt2img' });
  });
  it('parses legacy sd-metadata and Dream strings (synthetic, no fixture available)', () => {
    expect(parseInvokeAiLegacyMetadata('{"model_weights":"stable-diffusion-1.5","image":{"prompt":[{"prompt":"a cat [ugly, blurry]","weight":1}],"seed":42,"steps":30,"cfg_scale":7.5,"sampler":"k_lms","width":512,"height":768}}')).toMatchObject({
      prompt: 'a cat', negativePrompt: 'ugly, blurry', seed: '42', steps: 30, cfgScale: 7.5, sampler: 'k_lms', width: 512, height: 768, model: 'stable-diffusion-1.5',
    });
    expect(parseInvokeAiDream('"a dog [bad]" -s 50 -S 3357757885 -W 512 -H 512 -C 7.5 -A k_lms')).toMatchObject({
      prompt: 'a dog', negativePrompt: 'bad', seed: '3357757885', steps: 50, width: 512, height: 512, cfgScale: 7.5, sampler: 'k_lms',
    });
    expect(parseInvokeAiMetadata('nope')).toBeUndefined();
  });
});

describe('Fooocus', () => {
  it('parses the JSON parameters scheme (fixture), keeping the 64-bit seed exact', async () => {
    const t = await texts('sdparsers_fooocus1_cropped.png');
    expect(looksLikeFooocusJson(t.get('parameters')!, t.has('fooocus_scheme'))).toBe(true);
    const g = parseFooocusParameters(t.get('parameters')!)!;
    expect(g).toMatchObject({
      tool: 'Fooocus', prompt: 'a smiling goldfish', seed: '6952411511246973023', steps: 30, cfgScale: 4, sampler: 'dpmpp_2m_sde_gpu',
      model: 'juggernautXL_v8Rundiffusion', width: 768, height: 1280,
    });
    expect(g.negativePrompt).toBeUndefined(); // empty in the file
    expect(g.params).toMatchObject({ scheduler: 'karras', version: 'Fooocus v2.4.3', base_model_hash: 'aeb7e9e689' });
  });
});

describe('NovelAI', () => {
  it('parses Description/Source/Comment (fixture)', async () => {
    const t = await texts('sdparsers_novelai1_cropped.png');
    const g = parseNovelAi({ software: t.get('Software'), description: t.get('Description'), source: t.get('Source'), comment: t.get('Comment'), title: t.get('Title') })!;
    expect(g).toMatchObject({
      tool: 'NovelAI', provider: 'NovelAI', prompt: 'masterpiece, best quality,  cat, space, icon', seed: '2253955223', steps: 50,
      sampler: 'k_euler_ancestral', cfgScale: 10, model: 'Stable Diffusion 1D44365E',
    });
    expect(g.negativePrompt).toMatch(/^lowres, bad anatomy/);
    expect(g.params).toMatchObject({ strength: 0.4, noise: 0, title: 'AI generated image' });
    expect(parseNovelAi({ software: 'GIMP' })).toBeUndefined();
  });
});
