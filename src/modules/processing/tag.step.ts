import { Injectable, Logger } from '@nestjs/common';
import { StoragePort } from '../../infrastructure/storage/storage.port';
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

  async run(ctx: StepContext): Promise<StepOutcome> {
    const a = ctx.asset;
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
    let version = TagStep.version;
    if (this.vision.enabled) {
      const rendition = a.renditions?.find((r) => r.size === 256) ?? a.renditions?.[0];
      if (rendition) {
        const webp = await readAll(await this.storage.get(rendition.key));
        for (const t of await this.vision.tag(webp)) drafts.push({ ...mapped(t.label), source: 'vision', confidence: t.confidence, state: 'suggested' });
        version = `${TagStep.version}+${this.vision.version}`;
      } else {
        this.logger.warn(`asset ${a.id} has no rendition: vision tagger not asked`);
      }
    }
    const sources = this.vision.enabled ? (['prompt', 'metadata', 'vision'] as const) : (['prompt', 'metadata'] as const);
    return {
      state: 'done',
      producerVersion: version,
      summary: { tags: drafts.length },
      apply: async (tx) => {
        await this.taxonomy.replaceMachineTags(tx, a, [...sources], drafts, version);
      },
    };
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}
