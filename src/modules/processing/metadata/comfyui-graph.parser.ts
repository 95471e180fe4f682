import type { GenerationFields } from './embedded-metadata.types';
import { tryParseJsonLossless } from './lossless-json.parser';
import { isRecord, nonEmptyString, seedToString, toFiniteNumber } from './metadata-value.util';

type ComfyNode = { class_type?: string; inputs?: Record<string, unknown>; is_changed?: unknown };
type Graph = Record<string, ComfyNode>;
type Link = [string, number];

export interface ComfyParseResult {
  fields: GenerationFields;
  /** sha256 of LoadImage inputs (ComfyUI records them in `is_changed`): img2img / control sources. */
  inputImageSha256: string[];
}

const MAX_HOPS = 32;
const SAMPLER_TYPES = /^(KSampler|KSamplerAdvanced|SamplerCustom|SamplerCustomAdvanced)$|Sampler/;

/** Parses the ComfyUI API graph (`prompt` chunk). Returns undefined when it is not a graph. */
export function parseComfyUiPrompt(text: string): ComfyParseResult | undefined {
  const parsed = tryParseJsonLossless(text);
  if (!isRecord(parsed)) return undefined;
  const graph: Graph = {};
  for (const [id, node] of Object.entries(parsed)) if (isRecord(node) && typeof node['class_type'] === 'string') graph[id] = node as ComfyNode;
  if (!Object.keys(graph).length) return undefined;

  const samplers = Object.keys(graph).filter((id) => isSamplerNode(graph[id]));
  const summaries = samplers.map((id) => summariseSampler(graph, id));
  // The base pass is the sampler whose latent does not come from another sampler (hires/refiner passes do).
  const primary = summaries.find((s) => !s.latentFromSampler) ?? summaries[0];

  const fields: GenerationFields = { tool: 'ComfyUI' };
  const params: Record<string, unknown> = {};
  if (primary) {
    Object.assign(fields, primary.fields);
    Object.assign(params, primary.params);
  }
  if (summaries.length > 1) params['samplers'] = summaries.map((s) => ({ node: s.id, ...s.fields, ...s.params }));
  const loras = collectByClass(graph, /Lora/i, (n) => ({ name: n.inputs?.['lora_name'], strengthModel: n.inputs?.['strength_model'], strengthClip: n.inputs?.['strength_clip'] }));
  if (loras.length) params['loras'] = loras;
  const hypernetworks = collectByClass(graph, /Hypernetwork/i, (n) => ({ name: n.inputs?.['hypernetwork_name'], strength: n.inputs?.['strength'] }));
  if (hypernetworks.length) params['hypernetworks'] = hypernetworks;
  fields.params = params;

  const inputImageSha256 = Object.values(graph)
    .filter((n) => /^LoadImage/.test(n.class_type ?? ''))
    .flatMap((n) => (Array.isArray(n.is_changed) ? (n.is_changed as unknown[]) : [n.is_changed]))
    .filter((h): h is string => typeof h === 'string' && /^[0-9a-f]{64}$/i.test(h))
    .map((h) => h.toLowerCase());
  return { fields, inputImageSha256: [...new Set(inputImageSha256)] };
}

function isSamplerNode(node: ComfyNode): boolean {
  const type = node.class_type ?? '';
  if (!SAMPLER_TYPES.test(type) || type === 'KSamplerSelect') return false;
  return isRecord(node.inputs) && ('positive' in node.inputs || 'guider' in node.inputs || 'model' in node.inputs);
}

interface SamplerSummary {
  id: string;
  fields: GenerationFields;
  params: Record<string, unknown>;
  latentFromSampler: boolean;
}

function summariseSampler(graph: Graph, id: string): SamplerSummary {
  const inputs = graph[id].inputs ?? {};
  const fields: GenerationFields = {};
  const params: Record<string, unknown> = { samplerNode: graph[id].class_type };

  const seed = seedToString(scalarInput(graph, inputs['seed'] ?? inputs['noise_seed'] ?? findUpstreamInput(graph, inputs['noise'], ['noise_seed', 'seed'])));
  if (seed !== undefined) fields.seed = seed;
  const steps = toFiniteNumber(scalarInput(graph, inputs['steps'] ?? findUpstreamInput(graph, inputs['sigmas'], ['steps'])));
  if (steps !== undefined) fields.steps = Math.trunc(steps);
  const cfg = toFiniteNumber(scalarInput(graph, inputs['cfg'] ?? findUpstreamInput(graph, inputs['guider'], ['cfg'])));
  if (cfg !== undefined) fields.cfgScale = cfg;
  const sampler = nonEmptyString(scalarInput(graph, inputs['sampler_name'] ?? findUpstreamInput(graph, inputs['sampler'], ['sampler_name'])));
  if (sampler) fields.sampler = sampler;
  const scheduler = scalarInput(graph, inputs['scheduler'] ?? findUpstreamInput(graph, inputs['sigmas'], ['scheduler']));
  if (scheduler !== undefined) params['scheduler'] = scheduler;
  else if (isLink(inputs['sigmas'])) params['scheduler'] = graph[inputs['sigmas'][0]]?.class_type;
  const denoise = toFiniteNumber(scalarInput(graph, inputs['denoise'] ?? findUpstreamInput(graph, inputs['sigmas'], ['denoise'])));
  if (denoise !== undefined) params['denoise'] = denoise;
  const guidance = toFiniteNumber(findUpstreamInput(graph, inputs['positive'], ['guidance']));
  if (guidance !== undefined) params['guidance'] = guidance;

  const conditioningRoot = inputs['positive'] ?? findUpstreamInput(graph, inputs['guider'], ['positive', 'conditioning'], true);
  const negativeRoot = inputs['negative'] ?? findUpstreamInput(graph, inputs['guider'], ['negative'], true);
  const prompt = conditioningText(graph, conditioningRoot, 'positive');
  if (prompt !== undefined && prompt.trim()) fields.prompt = prompt.trim();
  const negative = conditioningText(graph, negativeRoot, 'negative');
  if (negative !== undefined && negative.trim()) fields.negativePrompt = negative.trim();

  const model = modelName(graph, inputs['model'] ?? findUpstreamInput(graph, inputs['guider'], ['model'], true));
  if (model) fields.model = model;
  const size = latentSize(graph, inputs['latent_image'] ?? inputs['latent']);
  if (size) Object.assign(fields, size);

  return { id, fields, params, latentFromSampler: latentComesFromSampler(graph, inputs['latent_image'] ?? inputs['latent']) };
}

function isLink(value: unknown): value is Link {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

/** Resolves a widget value that may be wired to a primitive node. */
function scalarInput(graph: Graph, value: unknown, hops = 0): unknown {
  if (!isLink(value)) return value;
  if (hops > MAX_HOPS) return undefined;
  const node = graph[value[0]];
  const inputs = node?.inputs ?? {};
  for (const key of ['value', 'seed', 'noise_seed', 'int', 'float', 'string', 'text', 'number']) {
    if (key in inputs) return scalarInput(graph, inputs[key], hops + 1);
  }
  return undefined;
}

/** First of `keys` on the node a link points to; scalar-resolved unless `returnLink`. */
function findUpstreamInput(graph: Graph, link: unknown, keys: string[], returnLink = false): unknown {
  if (!isLink(link)) return undefined;
  const inputs = graph[link[0]]?.inputs ?? {};
  for (const key of keys) {
    const value = inputs[key];
    if (value === undefined) continue;
    if (returnLink || !isLink(value)) return value;
    return scalarInput(graph, value);
  }
  return undefined;
}

/** Follows a conditioning link back to the text encoder(s) and returns the prompt text. */
function conditioningText(graph: Graph, link: unknown, role: 'positive' | 'negative', hops = 0): string | undefined {
  if (!isLink(link) || hops > MAX_HOPS) return undefined;
  const node = graph[link[0]];
  if (!node) return undefined;
  const inputs = node.inputs ?? {};
  for (const key of ['text', 'text_g', 't5xxl', 'clip_l', 'text_l', 'prompt']) {
    const value = inputs[key];
    if (typeof value === 'string') return value;
    if (isLink(value)) {
      const resolved = scalarInput(graph, value);
      if (typeof resolved === 'string') return resolved;
    }
  }
  // Nodes emitting both conditionings (e.g. InstructPixToPixConditioning, ControlNetApplyAdvanced): pick by output slot.
  if ('positive' in inputs && 'negative' in inputs) {
    return conditioningText(graph, link[1] === 1 ? inputs['negative'] : inputs['positive'], role, hops + 1);
  }
  for (const key of [role, 'conditioning', 'conditioning_to', 'conditioning_1', 'cond', 'conditioning_from']) {
    if (isLink(inputs[key])) return conditioningText(graph, inputs[key], role, hops + 1);
  }
  return undefined;
}

/** Follows the model link through LoRA/patch nodes to the checkpoint/UNet loader. */
function modelName(graph: Graph, link: unknown, hops = 0): string | undefined {
  if (!isLink(link) || hops > MAX_HOPS) return undefined;
  const inputs = graph[link[0]]?.inputs ?? {};
  for (const key of ['ckpt_name', 'unet_name', 'model_name', 'gguf_name']) {
    const v = nonEmptyString(inputs[key]);
    if (v) return v;
  }
  return modelName(graph, inputs['model'], hops + 1);
}

function latentSize(graph: Graph, link: unknown, hops = 0): { width: number; height: number } | undefined {
  if (!isLink(link) || hops > MAX_HOPS) return undefined;
  const node = graph[link[0]];
  const inputs = node?.inputs ?? {};
  if (isSamplerNode(node ?? {})) return undefined;
  const width = toFiniteNumber(scalarInput(graph, inputs['width']));
  const height = toFiniteNumber(scalarInput(graph, inputs['height']));
  if (width !== undefined && height !== undefined && /Latent/i.test(node?.class_type ?? '')) return { width, height };
  for (const key of ['samples', 'latent', 'latent_image']) if (isLink(inputs[key])) return latentSize(graph, inputs[key], hops + 1);
  return undefined;
}

function latentComesFromSampler(graph: Graph, link: unknown, hops = 0): boolean {
  if (!isLink(link) || hops > MAX_HOPS) return false;
  const node = graph[link[0]];
  if (!node) return false;
  if (isSamplerNode(node)) return true;
  const inputs = node.inputs ?? {};
  return ['samples', 'latent', 'latent_image'].some((k) => latentComesFromSampler(graph, inputs[k], hops + 1));
}

function collectByClass(graph: Graph, pattern: RegExp, map: (n: ComfyNode) => Record<string, unknown>): Record<string, unknown>[] {
  return Object.values(graph)
    .filter((n) => pattern.test(n.class_type ?? ''))
    .map((n) => Object.fromEntries(Object.entries({ ...map(n), node: n.class_type }).filter(([, v]) => v !== undefined)));
}
