import type { GenerationFields } from './embedded-metadata.types';
import { tryParseJsonLossless } from './lossless-json.parser';
import { isRecord, nonEmptyString, seedToString, toFiniteNumber } from './metadata-value.util';

export interface NovelAiChunks {
  software?: string;
  description?: string;
  source?: string;
  comment?: string;
  title?: string;
}

export function isNovelAi(chunks: NovelAiChunks): boolean {
  return /^NovelAI/i.test(chunks.software ?? '');
}

/** NovelAI: Description = prompt, Source = model, Comment = JSON settings (uc = negative). */
export function parseNovelAi(chunks: NovelAiChunks): GenerationFields | undefined {
  if (!isNovelAi(chunks)) return undefined;
  const comment = chunks.comment ? tryParseJsonLossless(chunks.comment) : undefined;
  const settings = isRecord(comment) ? comment : {};
  const fields: GenerationFields = { tool: 'NovelAI', provider: 'NovelAI', params: { ...settings, ...(chunks.title ? { title: chunks.title } : {}) } };
  // Newer exports repeat the prompt in Comment.prompt; Description is the older carrier.
  const prompt = nonEmptyString(settings['prompt']) ?? nonEmptyString(chunks.description);
  if (prompt) fields.prompt = prompt.trim();
  const negative = nonEmptyString(settings['uc']);
  if (negative) fields.negativePrompt = negative;
  const seed = seedToString(settings['seed']);
  if (seed !== undefined) fields.seed = seed;
  const steps = toFiniteNumber(settings['steps']);
  if (steps !== undefined) fields.steps = Math.trunc(steps);
  const scale = toFiniteNumber(settings['scale']);
  if (scale !== undefined) fields.cfgScale = scale;
  const sampler = nonEmptyString(settings['sampler']);
  if (sampler) fields.sampler = sampler;
  const width = toFiniteNumber(settings['width']);
  const height = toFiniteNumber(settings['height']);
  if (width !== undefined && height !== undefined) {
    fields.width = width;
    fields.height = height;
  }
  const model = nonEmptyString(chunks.source);
  if (model) fields.model = model;
  return fields;
}
