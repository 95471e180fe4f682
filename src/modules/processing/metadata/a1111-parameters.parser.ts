import type { GenerationFields } from './embedded-metadata.types';
import { seedToString, toFiniteNumber } from './metadata-value.util';

// Same pattern A1111 uses to read its own infotext (modules/infotext_utils.py).
const PARAM_RE = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;
const NEGATIVE_PREFIX = 'Negative prompt:';

/** Splits `Key: value, Key: "quoted, value"` into an ordered record; quoted values are unescaped. */
export function parseA1111ParamLine(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(PARAM_RE)) {
    const key = m[1].trim();
    let value = m[2].trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    out[key] = value;
  }
  return out;
}

function looksLikeParamLine(line: string): boolean {
  if (/^\s*Steps:\s*\d/.test(line)) return true;
  // Some forks omit Steps; require several "Key: value" pairs to avoid eating a prompt line.
  return Object.keys(parseA1111ParamLine(line)).length >= 3 && /^\s*\w[\w \-/]+:\s/.test(line);
}

/**
 * Parses Automatic1111 infotext: prompt lines, optional (multi-line) `Negative prompt:`,
 * then one settings line. Returns undefined if the text does not look like infotext.
 */
export function parseA1111Parameters(text: string): GenerationFields | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (!lines.length) return undefined;

  let paramIndex = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (looksLikeParamLine(lines[i])) { paramIndex = i; break; }
  }
  const settings = paramIndex >= 0 ? parseA1111ParamLine(lines[paramIndex]) : {};
  // Lines after the settings line (rare: extensions) are kept verbatim in params.
  const trailing = paramIndex >= 0 ? lines.slice(paramIndex + 1).join('\n') : '';
  const body = paramIndex >= 0 ? lines.slice(0, paramIndex) : lines;
  if (paramIndex < 0 && !body.some((l) => l.startsWith(NEGATIVE_PREFIX))) return undefined;

  const negIndex = body.findIndex((l) => l.startsWith(NEGATIVE_PREFIX));
  const promptLines = negIndex >= 0 ? body.slice(0, negIndex) : body;
  const negativeLines = negIndex >= 0 ? [body[negIndex].slice(NEGATIVE_PREFIX.length).trimStart(), ...body.slice(negIndex + 1)] : [];

  const fields: GenerationFields = { tool: toolName(settings) };
  const prompt = promptLines.join('\n').trim();
  if (prompt) fields.prompt = prompt;
  const negative = negativeLines.join('\n').trim();
  if (negative) fields.negativePrompt = negative;

  const steps = toFiniteNumber(settings['Steps']);
  if (steps !== undefined) fields.steps = Math.trunc(steps);
  if (settings['Sampler']) fields.sampler = settings['Sampler'];
  const cfg = toFiniteNumber(settings['CFG scale']);
  if (cfg !== undefined) fields.cfgScale = cfg;
  const seed = seedToString(settings['Seed']);
  if (seed !== undefined) fields.seed = seed;
  const size = /^(\d+)\s*x\s*(\d+)$/.exec(settings['Size'] ?? '');
  if (size) {
    fields.width = Number(size[1]);
    fields.height = Number(size[2]);
  }
  if (settings['Model']) fields.model = settings['Model'];

  const params: Record<string, unknown> = { ...settings };
  const loras = [...prompt.matchAll(/<lora:([^:>]+)(?::([^>]*))?>/g)].map((m) => ({ name: m[1], weight: toFiniteNumber(m[2]) ?? m[2] }));
  if (loras.length) params['loras'] = loras;
  if (trailing) params['extra'] = trailing;
  fields.params = params;
  return fields;
}

function toolName(settings: Record<string, string>): string {
  const version = settings['Version'] ?? '';
  if (/^Fooocus/i.test(version)) return 'Fooocus';
  if (/^f\d/.test(version)) return 'Stable Diffusion WebUI Forge';
  return 'Automatic1111';
}
