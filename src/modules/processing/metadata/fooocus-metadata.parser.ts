import type { GenerationFields } from './embedded-metadata.types';
import { tryParseJsonLossless } from './lossless-json.parser';
import { isRecord, nonEmptyString, seedToString, toFiniteNumber } from './metadata-value.util';

/** Fooocus JSON `parameters` (metadata_scheme "fooocus"). The A1111-scheme variant goes through the A1111 parser. */
export function parseFooocusParameters(text: string): GenerationFields | undefined {
  const data = tryParseJsonLossless(text);
  if (!isRecord(data)) return undefined;
  const fields: GenerationFields = { tool: 'Fooocus', params: data };
  const prompt = nonEmptyString(data['prompt']);
  if (prompt) fields.prompt = prompt;
  const negative = nonEmptyString(data['negative_prompt']);
  if (negative) fields.negativePrompt = negative;
  const seed = seedToString(data['seed']);
  if (seed !== undefined) fields.seed = seed;
  const steps = toFiniteNumber(data['steps']);
  if (steps !== undefined) fields.steps = Math.trunc(steps);
  const cfg = toFiniteNumber(data['guidance_scale']);
  if (cfg !== undefined) fields.cfgScale = cfg;
  const sampler = nonEmptyString(data['sampler']);
  if (sampler) fields.sampler = sampler;
  const model = nonEmptyString(data['base_model']);
  if (model) fields.model = model;
  // Fooocus writes resolution as a Python tuple string: "(768, 1280)" = (width, height).
  const res = /^\(?\s*(\d+)\s*,\s*(\d+)\s*\)?$/.exec(String(data['resolution'] ?? ''));
  if (res) {
    fields.width = Number(res[1]);
    fields.height = Number(res[2]);
  }
  return fields;
}

export function looksLikeFooocusJson(text: string, hasSchemeChunk: boolean): boolean {
  const t = text.trimStart();
  return t.startsWith('{') && (hasSchemeChunk || /"metadata_scheme"\s*:\s*"fooocus"/.test(t) || /"version"\s*:\s*"Fooocus/.test(t));
}
