import { aspectClass, metadataTags, orientationOf } from './metadata-tags';
import { extractPromptTags } from './prompt-tags';

describe('prompt tags', () => {
  it('extracts keywords and phrases, dropping stop words, weights, LoRA tags and numbers', () => {
    const tags = extractPromptTags('masterpiece, a (red sneaker:1.3) on the beach at sunset, <lora:foo:0.8> 8k, highly detailed');
    const labels = tags.map((t) => t.label);
    expect(labels).toEqual(expect.arrayContaining(['red', 'sneaker', 'red sneaker', 'beach', 'sunset', 'beach sunset']));
    for (const stop of ['a', 'the', 'on', 'at', 'masterpiece', '8k', 'highly', 'detailed', 'lora', 'foo', '0', '8', '1']) expect(labels).not.toContain(stop);
    expect(tags.every((t) => t.confidence > 0 && t.confidence <= 0.7)).toBe(true);
  });

  it('gives earlier words higher confidence and caps the count', () => {
    const tags = extractPromptTags('castle, dragon');
    expect(tags.find((t) => t.label === 'castle')!.confidence).toBeGreaterThan(tags.find((t) => t.label === 'dragon')!.confidence);
    const many = extractPromptTags(Array.from({ length: 80 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(', '));
    expect(many.length).toBeLessThanOrEqual(30);
    expect(extractPromptTags(null)).toEqual([]);
  });
});

describe('metadata tags', () => {
  it('classifies orientation and aspect', () => {
    expect(orientationOf(1920, 1080)).toBe('landscape');
    expect(orientationOf(1080, 1920)).toBe('portrait');
    expect(orientationOf(1000, 1010)).toBe('square');
    expect(aspectClass(1920, 1080)).toBe('16:9');
    expect(aspectClass(1080, 1920)).toBe('9:16');
    expect(aspectClass(600, 400)).toBe('3:2');
    expect(aspectClass(512, 512)).toBe('1:1');
    expect(aspectClass(3000, 1000)).toBe('panorama');
    expect(aspectClass(1000, 1700)).toBe('other');
  });

  it('tags model, provider, tool, colours above 10 % and AI-generated', () => {
    const tags = metadataTags({
      width: 800, height: 400, kind: 'image', aiGenerated: true,
      generation: { model: 'flux1-dev', provider: null, tool: 'ComfyUI' },
      palette: [{ name: 'red', weight: 0.5 }, { name: 'red', weight: 0.1 }, { name: 'blue', weight: 0.3 }, { name: 'grey', weight: 0.05 }],
    }).map((t) => t.label);
    expect(tags).toEqual(['model:flux1-dev', 'tool:ComfyUI', 'landscape', 'aspect:2:1', 'red', 'blue', 'ai-generated']);
  });
});
