import type { GenerationCandidate, GenerationFields, MetadataSource } from './embedded-metadata.types';

/** Lower rank wins. Generator-specific chunks say exactly what ran; C2PA is signed but coarse; EXIF is the weakest. */
const RANK: Record<MetadataSource, number> = {
  comfyui: 0, invokeai: 0, novelai: 0, fooocus: 0, a1111: 0,
  c2pa: 1, xmp: 2, iptc: 3, exif: 4,
};

const FIELDS: (keyof GenerationFields)[] = ['model', 'provider', 'prompt', 'negativePrompt', 'seed', 'steps', 'sampler', 'cfgScale', 'width', 'height', 'tool', 'params'];

/** Field-by-field: each field comes from the best-ranked candidate that has it (stable for equal ranks). */
export function mergeGenerationCandidates(candidates: GenerationCandidate[]): {
  generation: GenerationFields;
  sources: Partial<Record<keyof GenerationFields, MetadataSource>>;
} {
  const ordered = candidates.map((c, i) => ({ c, i })).sort((a, b) => RANK[a.c.source] - RANK[b.c.source] || a.i - b.i).map((x) => x.c);
  const generation: GenerationFields = {};
  const sources: Partial<Record<keyof GenerationFields, MetadataSource>> = {};
  for (const field of FIELDS) {
    for (const candidate of ordered) {
      const value = candidate.fields[field];
      if (value === undefined || value === null || value === '') continue;
      if (field === 'params' && typeof value === 'object' && Object.keys(value).length === 0) continue;
      (generation as Record<string, unknown>)[field] = value;
      sources[field] = candidate.source;
      break;
    }
  }
  return { generation, sources };
}
