import { mergeGenerationCandidates } from './generation.merger';

describe('mergeGenerationCandidates', () => {
  it('takes each field from the best-ranked source and records where it came from', () => {
    const { generation, sources } = mergeGenerationCandidates([
      { source: 'exif', fields: { prompt: 'exif caption', tool: 'Photoshop' } },
      { source: 'c2pa', fields: { model: 'gemini-flash', tool: 'Adobe_Firefly' } },
      { source: 'comfyui', fields: { prompt: 'a fox', seed: '1', params: {} } },
    ]);
    expect(generation).toEqual({ prompt: 'a fox', seed: '1', model: 'gemini-flash', tool: 'Adobe_Firefly' });
    expect(sources).toEqual({ prompt: 'comfyui', seed: 'comfyui', model: 'c2pa', tool: 'c2pa' });
  });
  it('returns empty results for no candidates', () => {
    expect(mergeGenerationCandidates([])).toEqual({ generation: {}, sources: {} });
  });
});
