import type { GenerationFields } from './embedded-metadata.types';
import { tryParseJsonLossless } from './lossless-json.parser';
import { isRecord, nonEmptyString, seedToString, toFiniteNumber } from './metadata-value.util';

/** InvokeAI 3+/4+ `invokeai_metadata` chunk (flat JSON). */
export function parseInvokeAiMetadata(text: string): GenerationFields | undefined {
  const data = tryParseJsonLossless(text);
  if (!isRecord(data)) return undefined;
  const fields: GenerationFields = { tool: 'InvokeAI', params: data };
  setString(fields, 'prompt', data['positive_prompt']);
  setString(fields, 'negativePrompt', data['negative_prompt']);
  const seed = seedToString(data['seed']);
  if (seed !== undefined) fields.seed = seed;
  setNumber(fields, 'steps', data['steps'], true);
  setNumber(fields, 'cfgScale', data['cfg_scale']);
  setNumber(fields, 'width', data['width'], true);
  setNumber(fields, 'height', data['height'], true);
  setString(fields, 'sampler', data['scheduler']);
  const model = data['model'];
  // v3 writes model_name, v4+ writes name.
  setString(fields, 'model', isRecord(model) ? model['model_name'] ?? model['name'] : model);
  return fields;
}

/** InvokeAI 2.x `sd-metadata` chunk: `{ model_weights, image: { prompt, seed, ... } }`. */
export function parseInvokeAiLegacyMetadata(text: string): GenerationFields | undefined {
  const data = tryParseJsonLossless(text);
  if (!isRecord(data)) return undefined;
  const image = isRecord(data['image']) ? data['image'] : {};
  const fields: GenerationFields = { tool: 'InvokeAI', params: data };
  const rawPrompt = image['prompt'];
  const promptText = Array.isArray(rawPrompt)
    ? rawPrompt.map((p) => (isRecord(p) ? p['prompt'] : p)).filter((p) => typeof p === 'string').join(' ')
    : rawPrompt;
  if (typeof promptText === 'string') Object.assign(fields, splitBracketNegative(promptText));
  const seed = seedToString(image['seed']);
  if (seed !== undefined) fields.seed = seed;
  setNumber(fields, 'steps', image['steps'], true);
  setNumber(fields, 'cfgScale', image['cfg_scale']);
  setNumber(fields, 'width', image['width'], true);
  setNumber(fields, 'height', image['height'], true);
  setString(fields, 'sampler', image['sampler']);
  setString(fields, 'model', data['model_weights']);
  return fields;
}

/** InvokeAI 1.x/2.x `Dream` chunk: `"prompt [negative]" -s 50 -S 42 -W 512 -H 512 -C 7.5 -A k_lms`. */
export function parseInvokeAiDream(text: string): GenerationFields | undefined {
  const m = /^\s*"((?:\\.|[^"\\])*)"\s*(.*)$/s.exec(text);
  if (!m) return undefined;
  const fields: GenerationFields = { tool: 'InvokeAI', ...splitBracketNegative(m[1].replace(/\\"/g, '"')) };
  const options: Record<string, string> = {};
  for (const opt of m[2].matchAll(/-(\w+)\s+([^\s-][^\s]*)/g)) options[opt[1]] = opt[2];
  const seed = seedToString(options['S']);
  if (seed !== undefined) fields.seed = seed;
  setNumber(fields, 'steps', options['s'], true);
  setNumber(fields, 'cfgScale', options['C']);
  setNumber(fields, 'width', options['W'], true);
  setNumber(fields, 'height', options['H'], true);
  setString(fields, 'sampler', options['A']);
  fields.params = { dream: text, ...options };
  return fields;
}

/** InvokeAI legacy prompts carry negatives inline as `[...]`. */
function splitBracketNegative(text: string): Pick<GenerationFields, 'prompt' | 'negativePrompt'> {
  const negatives = [...text.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1].trim()).filter(Boolean);
  const prompt = text.replace(/\[[^\]]*\]/g, '').replace(/\s{2,}/g, ' ').trim();
  return { ...(prompt ? { prompt } : {}), ...(negatives.length ? { negativePrompt: negatives.join(', ') } : {}) };
}

function setString(fields: GenerationFields, key: 'prompt' | 'negativePrompt' | 'sampler' | 'model', value: unknown): void {
  const s = nonEmptyString(value);
  if (s !== undefined) fields[key] = s;
}

function setNumber(fields: GenerationFields, key: 'steps' | 'cfgScale' | 'width' | 'height', value: unknown, integer = false): void {
  const n = toFiniteNumber(value);
  if (n !== undefined) fields[key] = integer ? Math.trunc(n) : n;
}
