import { Injectable, Logger } from '@nestjs/common';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { AssetEntity } from '../assets/asset.entity';
import { TagDraft, TaxonomyService } from '../taxonomy/taxonomy.service';
import { metadataTags } from './tagging/metadata-tags';
import { extractPromptTags } from './tagging/prompt-tags';
import { VisionTagger } from './providers/vision-tagger';
import { StepContext, StepHandler, StepOutcome } from './step-handler';

/** tag: prompt keywords/phrases, metadata facts, optional vision tags; mapped to vocabulary terms by label or synonym. */
@Injectable()
export class TagStep implements StepHandler {
  readonly name = 'tag';
  static readonly version = 'tag@1';
  private readonly logger = new Logger('TagStep');

  constructor(private readonly taxonomy: TaxonomyService, private readonly storage: StoragePort, private readonly vision: VisionTagger) {}

  /** Without a vision tagger, tagging is database work only: it joins the pixel steps' transaction (step-handler.ts). */
  get effectOnly(): boolean {
    return !this.vision.enabled;
  }

  async run(ctx: StepContext): Promise<StepOutcome> {
    const a = ctx.asset;
    // The vision tagger is an HTTP call: asked here, never inside the settle transaction.
    const vision = this.vision.enabled ? await this.visionLabels(a) : null;
    const version = vision ? `${TagStep.version}+${this.vision.version}` : TagStep.version;
    const sources = this.vision.enabled ? (['prompt', 'metadata', 'vision'] as const) : (['prompt', 'metadata'] as const);
    return {
      state: 'done',
      producerVersion: version,
      // Prompt and metadata tags from the asset as the effects before this one left it (palette, dimensions).
      apply: async (tx) => {
        const drafts = await this.drafts(ctx.asset, vision ?? []);
        await this.taxonomy.replaceMachineTags(tx, ctx.asset, [...sources], drafts, version);
      },
    };
  }

  private async drafts(a: AssetEntity, vision: { label: string; confidence: number }[]): Promise<TagDraft[]> {
    const terms = await this.taxonomy.termIndex(a.workspaceId);
    const drafts: TagDraft[] = [];
    const mapped = (label: string) => {
      const term = terms.size ? terms.match(label) : undefined;
      return term ? { label: term.label, termId: term.id } : { label, termId: null };
    };
    for (const t of extractPromptTags(a.generation?.prompt)) {
      const m = mapped(t.label);
      // A vocabulary match is a stronger signal than a bare prompt word.
      drafts.push({ ...m, source: 'prompt', confidence: m.termId ? Math.min(1, t.confidence + 0.2) : t.confidence, state: 'suggested' });
    }
    for (const t of metadataTags({ width: a.width, height: a.height, kind: a.kind, generation: a.generation, palette: a.palette, aiGenerated: a.aiGenerated })) {
      const m = t.label.includes(':') ? { label: t.label, termId: null } : mapped(t.label);
      drafts.push({ ...m, source: 'metadata', confidence: t.confidence, state: 'accepted' });
    }
    for (const t of vision) drafts.push({ ...mapped(t.label), source: 'vision', confidence: t.confidence, state: 'suggested' });
    return drafts;
  }

  /** The vision tagger's labels for the 256 px rendition (null: no rendition to show it). */
  private async visionLabels(a: AssetEntity): Promise<{ label: string; confidence: number }[] | null> {
    const rendition = a.renditions?.find((r) => r.size === 256) ?? a.renditions?.[0];
    if (!rendition) {
      this.logger.warn(`asset ${a.id} has no rendition: vision tagger not asked`);
      return null;
    }
    return this.vision.tag(await readAll(await this.storage.get(rendition.key)));
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}
