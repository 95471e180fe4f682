import { Injectable } from '@nestjs/common';
import { OutboxService } from '../../infrastructure/outbox/outbox.service';
import { AssetEntity } from '../assets/asset.entity';
import { AssetTagEntity } from '../taxonomy/asset-tag.entity';
import { AssetEmbeddingEntity } from './asset-embedding.entity';
import { BUILTIN_EMBEDDING_PROVIDER } from './pixels.step';
import { orientationOf } from './tagging/metadata-tags';
import { StepContext, StepHandler, StepOutcome } from './step-handler';

export const INDEX_TOPIC = 'asset.index';

/**
 * index: writes the search document request to the outbox (topic `asset.index`), in the
 * transaction that marks the step done. The search relay consumes it by topic; the document
 * is built from the committed rows at that moment, so a retry writes nothing twice.
 */
@Injectable()
export class IndexStep implements StepHandler {
  readonly name = 'index';
  static readonly version = 'index@1';

  constructor(private readonly outbox: OutboxService) {}

  async run(ctx: StepContext): Promise<StepOutcome> {
    return {
      state: 'done',
      producerVersion: IndexStep.version,
      apply: async (tx) => {
        const a = await tx.findOneBy(AssetEntity, { id: ctx.asset.id, workspaceId: ctx.asset.workspaceId });
        if (!a) return;
        const tags = await tx.find(AssetTagEntity, { where: { assetId: a.id, workspaceId: a.workspaceId } });
        const visual = await tx.findOneBy(AssetEmbeddingEntity, { assetId: a.id, kind: 'visual', provider: BUILTIN_EMBEDDING_PROVIDER });
        const live = tags.filter((t) => t.state !== 'rejected');
        await this.outbox.write(tx, {
          workspaceId: a.workspaceId,
          topic: INDEX_TOPIC,
          aggregateId: a.id,
          payload: {
            document: {
              assetId: a.id,
              workspaceId: a.workspaceId,
              projectId: a.projectId,
              kind: a.kind,
              status: a.status,
              title: a.title,
              prompt: a.generation?.prompt ?? null,
              negativePrompt: a.generation?.negativePrompt ?? null,
              model: a.generation?.model ?? null,
              provider: a.generation?.provider ?? null,
              tool: a.generation?.tool ?? null,
              tags: [...new Set(live.map((t) => t.label))],
              termIds: [...new Set(live.map((t) => t.termId).filter((x): x is string => !!x))],
              colors: [...new Set((a.palette ?? []).filter((c) => c.weight >= 0.1).map((c) => c.name))],
              palette: a.palette,
              orientation: a.width && a.height ? orientationOf(a.width, a.height) : null,
              width: a.width,
              height: a.height,
              durationMs: a.durationMs,
              aiGenerated: a.aiGenerated,
              phash: a.phash,
              descriptor: visual ? { provider: visual.provider, version: visual.version, vector: visual.vector } : null,
              parentId: a.parentId,
              createdBy: a.createdBy,
              createdAt: a.createdAt,
              approvedAt: a.approvedAt,
              approvedBy: a.approvedBy,
              statusChangedAt: a.statusChangedAt,
            },
          },
        });
      },
    };
  }
}
