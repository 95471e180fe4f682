export interface MetadataTagInput {
  width: number | null;
  height: number | null;
  kind: string;
  generation: { model?: string | null; provider?: string | null; tool?: string | null } | null;
  palette: { name: string; weight: number }[] | null;
  aiGenerated: boolean | null;
}

export interface MetadataTag {
  label: string;
  confidence: number;
}

const ASPECTS: [string, number][] = [
  ['1:1', 1], ['5:4', 5 / 4], ['4:3', 4 / 3], ['3:2', 3 / 2], ['16:9', 16 / 9], ['2:1', 2], ['21:9', 21 / 9],
  ['4:5', 4 / 5], ['3:4', 3 / 4], ['2:3', 2 / 3], ['9:16', 9 / 16], ['1:2', 1 / 2],
];

export function orientationOf(width: number, height: number): 'landscape' | 'portrait' | 'square' {
  const r = width / height;
  if (Math.abs(r - 1) <= 0.02) return 'square';
  return r > 1 ? 'landscape' : 'portrait';
}

/** The nearest common ratio within 3 %, else "panorama"/"tall" for extremes, else "other". */
export function aspectClass(width: number, height: number): string {
  const r = width / height;
  let best: [string, number] | null = null;
  for (const [name, ratio] of ASPECTS) {
    const err = Math.abs(r / ratio - 1);
    if (err <= 0.03 && (!best || err < best[1])) best = [name, err];
  }
  if (best) return best[0];
  if (r > 2.5) return 'panorama';
  if (r < 0.4) return 'tall';
  return 'other';
}

/** Facts, not guesses: model, provider, tool, orientation, aspect, dominant colours, AI-generated. */
export function metadataTags(input: MetadataTagInput): MetadataTag[] {
  const tags: MetadataTag[] = [];
  const g = input.generation ?? {};
  if (g.model) tags.push({ label: `model:${g.model}`, confidence: 1 });
  if (g.provider) tags.push({ label: `provider:${g.provider}`, confidence: 1 });
  if (g.tool) tags.push({ label: `tool:${g.tool}`, confidence: 1 });
  if (input.width && input.height) {
    tags.push({ label: orientationOf(input.width, input.height), confidence: 1 });
    tags.push({ label: `aspect:${aspectClass(input.width, input.height)}`, confidence: 1 });
  }
  const colours = new Map<string, number>();
  for (const c of input.palette ?? []) colours.set(c.name, (colours.get(c.name) ?? 0) + c.weight);
  for (const [name, weight] of [...colours.entries()].sort((a, b) => b[1] - a[1])) {
    if (weight >= 0.1) tags.push({ label: name, confidence: Math.round(weight * 100) / 100 });
  }
  if (input.aiGenerated) tags.push({ label: 'ai-generated', confidence: 1 });
  return tags;
}
