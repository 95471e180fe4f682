/** Generation parameters as stored on the asset (jsonb). Seeds are decimal strings: they exceed 2^53. */
export interface Generation {
  model?: string | null;
  provider?: string | null;
  prompt?: string | null;
  negativePrompt?: string | null;
  seed?: string | null;
  steps?: number | null;
  sampler?: string | null;
  cfgScale?: number | null;
  width?: number | null;
  height?: number | null;
  tool?: string | null;
  params?: Record<string, unknown> | null;
}

export type GenerationSource = 'client' | 'a1111' | 'comfyui' | 'invokeai' | 'fooocus' | 'novelai' | 'c2pa' | 'exif' | 'xmp' | 'iptc';
export type GenerationSources = Partial<Record<keyof Generation, GenerationSource>>;

export const GENERATION_FIELDS: (keyof Generation)[] = [
  'model', 'provider', 'prompt', 'negativePrompt', 'seed', 'steps', 'sampler', 'cfgScale', 'width', 'height', 'tool', 'params',
];

/** Client-sent values win; metadata fills only the fields the client left empty. */
export function mergeGeneration(
  current: Generation,
  currentSources: GenerationSources,
  extracted: Generation,
  extractedSources: GenerationSources,
): { generation: Generation; sources: GenerationSources } {
  const generation: Generation = { ...current };
  const sources: GenerationSources = { ...currentSources };
  for (const field of GENERATION_FIELDS) {
    const value = extracted[field];
    if (value === undefined || value === null || value === '') continue;
    if (generation[field] !== undefined && generation[field] !== null && generation[field] !== '') continue;
    (generation as Record<string, unknown>)[field] = value;
    const source = extractedSources[field];
    if (source) sources[field] = source;
  }
  return { generation, sources };
}
