import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { AssetEntity } from '../assets/asset.entity';
import { BUILTIN_EMBEDDING_PROVIDER } from './pixels.step';
import { orientationOf } from './tagging/metadata-tags';
import { StepContext, StepHandler, StepOutcome } from './step-handler';

export const INDEX_TOPIC = 'asset.index';

/**
 * index: hands the search document request to the outbox (topic `asset.index`), written in the
 * transaction that marks the step done. The search relay consumes it by topic; the document
 * is built from the committed rows at that moment, so a retry writes nothing twice.
 */
@Injectable()
export class IndexStep implements StepHandler {
  readonly name = 'index';
  readonly effectOnly = true;
  static readonly version = 'index@1';

  async run(ctx: StepContext): Promise<StepOutcome> {
    return {
      state: 'done',
      producerVersion: IndexStep.version,
      apply: async (tx) => {
        const a = await readIndexSource(tx, ctx.asset);
        if (!a) return;
        return { outbox: [{
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
              tags: [...new Set(a.tags.map((t) => t.label))],
              termIds: [...new Set(a.tags.map((t) => t.termId).filter((x): x is string => !!x))],
              colors: [...new Set((a.palette ?? []).filter((c) => c.weight >= 0.1).map((c) => c.name))],
              palette: a.palette,
              orientation: a.width && a.height ? orientationOf(a.width, a.height) : null,
              width: a.width,
              height: a.height,
              durationMs: a.durationMs,
              aiGenerated: a.aiGenerated,
              phash: a.phash,
              descriptor: a.descriptor,
              parentId: a.parentId,
              createdBy: a.createdBy,
              createdAt: a.createdAt,
              approvedAt: a.approvedAt,
              approvedBy: a.approvedBy,
              statusChangedAt: a.statusChangedAt,
            },
          },
        }] };
      },
    };
  }
}

type IndexSource = Pick<
  AssetEntity,
  | 'id' | 'workspaceId' | 'projectId' | 'kind' | 'status' | 'title' | 'generation' | 'palette' | 'width' | 'height' | 'durationMs'
  | 'aiGenerated' | 'phash' | 'parentId' | 'createdBy' | 'createdAt' | 'approvedAt' | 'approvedBy' | 'statusChangedAt'
> & {
  tags: { label: string; termId: string | null }[];
  descriptor: { provider: string; version: string; vector: number[] } | null;
};

/** The asset with its live tags and visual descriptor, in one statement (it runs once per asset run). */
async function readIndexSource(tx: EntityManager, asset: { id: string; workspaceId: string }): Promise<IndexSource | null> {
  const rows = await preparedQuery<IndexSource>(
    tx,
    'pipeline.index-source',
    `SELECT a.id, a.workspace_id AS "workspaceId", a.project_id AS "projectId", a.kind, a.status, a.title, a.generation, a.palette,
            a.width, a.height, a.duration_ms AS "durationMs", a.ai_generated AS "aiGenerated", a.phash, a.parent_id AS "parentId",
            a.created_by AS "createdBy", a.created_at AS "createdAt", a.approved_at AS "approvedAt", a.approved_by AS "approvedBy",
            a.status_changed_at AS "statusChangedAt",
            COALESCE((SELECT json_agg(json_build_object('label', t.label, 'termId', t.term_id) ORDER BY t.label)
                        FROM asset_tag t WHERE t.asset_id = a.id AND t.workspace_id = a.workspace_id AND t.state <> 'rejected'), '[]') AS tags,
            (SELECT json_build_object('provider', e.provider, 'version', e.version, 'vector', e.vector)
               FROM asset_embedding e WHERE e.asset_id = a.id AND e.kind = 'visual' AND e.provider = $3) AS descriptor
       FROM asset a WHERE a.id = $1 AND a.workspace_id = $2`,
    [asset.id, asset.workspaceId, BUILTIN_EMBEDDING_PROVIDER],
  );
  return rows[0] ?? null;
}
