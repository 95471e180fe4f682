import { parseA1111ParamLine, parseA1111Parameters } from './a1111-parameters.parser';

describe('parseA1111Parameters', () => {
  it('parses prompt, negative prompt and the settings line (fixture text)', () => {
    const text =
      'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20';
    const g = parseA1111Parameters(text)!;
    expect(g).toMatchObject({
      prompt: 'photo of a duck',
      negativePrompt: 'monochrome',
      steps: 15,
      sampler: 'UniPC',
      cfgScale: 5,
      seed: '235284042',
      width: 512,
      height: 400,
      model: 'realistic_realisticVisionV20_v20',
      tool: 'Automatic1111',
    });
    expect(g.params).toMatchObject({ 'Model hash': 'c0d1994c73', 'Size': '512x400' });
  });

  it('keeps multi-line prompts and negatives, quoted values, huge seeds and loras', () => {
    const text = [
      'a cat <lora:add_detail:0.6>,',
      'studio light',
      'Negative prompt: blurry,',
      'lowres',
      'Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 18446744073709551615, Size: 1024x768, Denoising strength: 0.45, Hires upscaler: "R-ESRGAN 4x+, anime", Lora hashes: "add_detail: 7c6bad76eb54", Version: v1.10.1',
    ].join('\n');
    const g = parseA1111Parameters(text)!;
    expect(g.prompt).toBe('a cat <lora:add_detail:0.6>,\nstudio light');
    expect(g.negativePrompt).toBe('blurry,\nlowres');
    expect(g.seed).toBe('18446744073709551615');
    expect(g.cfgScale).toBe(6.5);
    expect(g.params).toMatchObject({
      'Denoising strength': '0.45',
      'Hires upscaler': 'R-ESRGAN 4x+, anime',
      'Lora hashes': 'add_detail: 7c6bad76eb54',
      'Schedule type': 'Karras',
      loras: [{ name: 'add_detail', weight: 0.6 }],
    });
  });

  it('handles a prompt without negative prompt and returns undefined for plain text', () => {
    expect(parseA1111Parameters('just a prompt\nSteps: 20, Sampler: Euler a, Seed: 1')).toMatchObject({ prompt: 'just a prompt', steps: 20, sampler: 'Euler a', seed: '1' });
    expect(parseA1111Parameters('hello world')).toBeUndefined();
    expect(parseA1111Parameters('')).toBeUndefined();
  });

  it('splits quoted values containing commas', () => {
    expect(parseA1111ParamLine('Aa: 1, Bb: "x, y", Cc: "q\\"z"')).toEqual({ Aa: '1', Bb: 'x, y', Cc: 'q"z' });
  });
});
