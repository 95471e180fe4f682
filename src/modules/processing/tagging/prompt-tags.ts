import { normalizeLabel } from '../../taxonomy/term-matcher';

/** English function words and prompt boilerplate that say nothing about the picture's content. */
export const STOP_WORDS = new Set(
  `a an the and or but of in on at to for from by with without into onto over under above below near
  is are was were be been being am it its this that these those there here as than then so very
  some any all each every no not only just also too more most much many few less least
  he she they we you i me my your his her their our them us him
  has have had do does did can could should would will shall may might must
  up down out off about after before behind between through during while again next beside inside outside
  one two three four five six seven eight nine ten several
  highly extremely ultra super best high quality masterpiece detailed details detail hd 4k 8k uhd hdr
  resolution realistic photorealistic render rendered trending artstation unreal engine octane
  style image picture photo photograph shot view featuring feat`
    .split(/\s+/)
    .filter(Boolean),
);

export interface PromptTag {
  label: string;
  confidence: number;
  kind: 'keyword' | 'phrase';
}

const MAX_TAGS = 30;

/**
 * Keywords and short phrases from a prompt: weights `(word:1.2)`, LoRA tags `<lora:x:1>`,
 * brackets and numbers are stripped; the prompt splits into comma/period/pipe clauses; stop
 * words drop. Phrases are clauses of 2–3 content words. Earlier words matter more (higher confidence).
 */
export function extractPromptTags(prompt: string | null | undefined): PromptTag[] {
  if (!prompt) return [];
  const cleaned = prompt
    .replace(/<[^>]*>/g, ' ') // <lora:name:0.8>, <embedding>
    .replace(/:\s*-?\d+(\.\d+)?\s*\)/g, ')') // (word:1.2)
    .replace(/\b(BREAK|AND)\b/g, ',');
  const clauses = cleaned.split(/[,.;|\n()[\]{}]+/).map((c) => c.trim()).filter(Boolean);
  const tags = new Map<string, PromptTag>();
  let position = 0;
  for (const clause of clauses) {
    const words = normalizeLabel(clause)
      .split(' ')
      .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !STOP_WORDS.has(w));
    if (words.length >= 2 && words.length <= 3) {
      const phrase = words.join(' ');
      if (!tags.has(phrase)) tags.set(phrase, { label: phrase, confidence: decay(0.7, position), kind: 'phrase' });
    }
    for (const w of words) {
      if (!tags.has(w)) tags.set(w, { label: w, confidence: decay(0.6, position), kind: 'keyword' });
      position++;
    }
  }
  return [...tags.values()].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_TAGS);
}

function decay(base: number, position: number): number {
  return Math.round(Math.max(0.3, base - position * 0.01) * 100) / 100;
}
