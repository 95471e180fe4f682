import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openByteSource } from './byte-range.source';
import { parseComfyUiPrompt } from './comfyui-graph.parser';
import { readPngChunks } from './png-chunks.reader';

const FIXTURES = join(__dirname, '../../../../test/fixtures/genpng');

async function promptOf(file: string): Promise<string> {
  const scan = await readPngChunks(await openByteSource(readFileSync(join(FIXTURES, file))));
  const entry = scan.texts.find((t) => t.keyword === 'prompt');
  if (!entry) throw new Error(`no prompt chunk in ${file}`);
  return entry.text;
}

describe('parseComfyUiPrompt (fixtures)', () => {
  it('KSampler + LoraLoader chain (comfyui_lora.png)', async () => {
    const r = parseComfyUiPrompt(await promptOf('comfyui_lora.png'))!;
    expect(r.fields).toMatchObject({
      tool: 'ComfyUI',
      seed: '851616030078638',
      steps: 20,
      cfgScale: 8,
      sampler: 'euler',
      model: 'v1-5-pruned-emaonly.ckpt',
      prompt: 'masterpiece best quality girl',
      negativePrompt: 'bad hands',
      width: 512,
      height: 512,
    });
    expect(r.fields.params).toMatchObject({ scheduler: 'normal', denoise: 1, loras: [{ name: 'epiNoiseoffset_v2.safetensors', strengthModel: 1, strengthClip: 1 }] });
  });

  it('Flux: UNETLoader through LoraLoaderModelOnly, prompt through FluxGuidance/InstructPixToPix', async () => {
    const r = parseComfyUiPrompt(await promptOf('comfyui_flux_depth_lora_example.png'))!;
    expect(r.fields).toMatchObject({ seed: '91050358797301', steps: 20, cfgScale: 1, sampler: 'euler', model: 'flux1-dev.safetensors', prompt: 'a photograph of a shark in the sea' });
    expect(r.fields.negativePrompt).toBeUndefined(); // the negative encoder has empty text
    expect(r.inputImageSha256).toEqual(['9baf4024f049e1d639c73606b826a24247a3eab24a61081c9ec15c3a37cbb7b6']);
  });

  it('SamplerCustom: seed from noise_seed, sampler from KSamplerSelect, steps from the sigmas node', async () => {
    const r = parseComfyUiPrompt(await promptOf('comfyui_sdxlturbo_example.png'))!;
    expect(r.fields).toMatchObject({ seed: '0', steps: 1, cfgScale: 1, sampler: 'euler_ancestral', model: 'sd_xl_turbo_1.0_fp16.safetensors', width: 512, height: 512 });
    expect(r.fields.prompt).toBe('beautiful landscape scenery glass bottle with a galaxy inside cute fennec fox snow HDR sunset');
    expect(r.fields.params).toMatchObject({ scheduler: 'SDTurboScheduler' });
  });

  it('hypernetwork and img2img (init image hash, denoise)', async () => {
    const h = parseComfyUiPrompt(await promptOf('comfyui_hypernetwork_example_output.png'))!;
    expect(h.fields).toMatchObject({ seed: '572636856966402', sampler: 'uni_pc_bh2', model: 'v1-5-pruned-emaonly.ckpt', prompt: 'woman (fennec ears fox ears:1.1), marble statue, museum' });
    expect(h.fields.params).toMatchObject({ hypernetworks: [{ name: 'dantionMarbleStatues_10.pt', strength: 1 }] });

    const i = parseComfyUiPrompt(await promptOf('comfyui_img2img_workflow.png'))!;
    expect(i.fields).toMatchObject({ seed: '280823642470253', sampler: 'dpmpp_2m', prompt: 'photograph of victorian woman with wings, sky clouds, meadow grass', negativePrompt: 'watermark, text' });
    expect(i.fields.params).toMatchObject({ denoise: 0.8700000000000001 });
    expect(i.fields.width).toBeUndefined(); // latent comes from VAEEncode of the input image
    expect(i.inputImageSha256).toEqual(['a8e215ad32a0052fc4190e9c5863428d5ee35cd98b246243842ba8360511b7c4']);
  });

  it('two-pass graph: primary = base pass; both samplers in params; unCLIP conditioning followed', async () => {
    const r = parseComfyUiPrompt(await promptOf('sdparsers_unclip_2pass_cropped.png'))!;
    expect(r.fields).toMatchObject({ seed: '1106257833005336', steps: 26, model: 'wd-1-5-beta2-aesthetic-unclip-h-fp32.safetensors', width: 1280, height: 704 });
    expect(r.fields.prompt).toBe('(waifu, anime, exceptional, best aesthetic, new, newest, best quality, masterpiece, extremely detailed:1.2)');
    const samplers = r.fields.params!['samplers'] as Record<string, unknown>[];
    expect(samplers).toHaveLength(2);
    expect(samplers[1]).toMatchObject({ node: '41', seed: '119080905858220', model: 'cardosAnimated_v20.safetensors', prompt: 'beautiful scenery landscape outdoors mountains' });
    expect(r.inputImageSha256).toHaveLength(2);
  });

  it('CheckpointLoader (with config) in sd-parsers img2img graph', async () => {
    const r = parseComfyUiPrompt(await promptOf('sdparsers_img2img_cropped.png'))!;
    expect(r.fields).toMatchObject({ seed: '280823642470253', model: 'v1-5-pruned-emaonly.ckpt', sampler: 'sample_dpmpp_2m' });
  });
});

describe('parseComfyUiPrompt (synthetic)', () => {
  it('keeps seeds above 2^53 exact and tolerates NaN', () => {
    const text = '{"3": {"inputs": {"seed": 18446744073709551614, "steps": 4, "cfg": NaN, "sampler_name": "euler", "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}, "class_type": "KSampler"},' +
      ' "4": {"inputs": {"ckpt_name": "x.safetensors"}, "class_type": "CheckpointLoaderSimple"}, "5": {"inputs": {"width": 640, "height": 480, "batch_size": 1}, "class_type": "EmptyLatentImage"},' +
      ' "6": {"inputs": {"text": ["8", 0], "clip": ["4", 1]}, "class_type": "CLIPTextEncode"}, "7": {"inputs": {"text": "bad", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"}, "8": {"inputs": {"value": "from primitive"}, "class_type": "PrimitiveString"}}';
    const r = parseComfyUiPrompt(text)!;
    expect(r.fields).toMatchObject({ seed: '18446744073709551614', steps: 4, prompt: 'from primitive', negativePrompt: 'bad', width: 640, height: 480 });
    expect(r.fields.cfgScale).toBeUndefined();
  });

  it('returns undefined for non-graph JSON and garbage', () => {
    expect(parseComfyUiPrompt('{"a": 1}')).toBeUndefined();
    expect(parseComfyUiPrompt('not json')).toBeUndefined();
  });
});
