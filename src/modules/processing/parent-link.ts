import { EntityManager } from 'typeorm';
import { DerivationOperation } from '../assets/asset.enums';
import type { ParentHint } from './metadata/embedded-metadata.types';

export interface ParentLink {
  parentId: string;
  source: string;
  operation: DerivationOperation;
}

/** ComfyUI's LoadImage input is an img2img init image; a C2PA ingredient is what the asset was edited from. */
const OPERATION_BY_SOURCE: Record<string, DerivationOperation> = {
  comfyui: DerivationOperation.IMG2IMG,
  a1111: DerivationOperation.IMG2IMG,
  c2pa: DerivationOperation.EDIT,
};

/**
 * Finds the parent an asset's metadata names by hash: an asset of the SAME workspace whose blob
 * has that SHA-256 (the oldest one). Never the asset itself, never one that would close a cycle.
 */
export async function resolveParentFromHints(
  tx: EntityManager,
  asset: { id: string; workspaceId: string },
  hints: readonly ParentHint[],
): Promise<ParentLink | null> {
  for (const hint of hints) {
    const hashes = hint.sha256.map((h) => h.toLowerCase()).filter((h) => /^[0-9a-f]{64}$/.test(h));
    if (!hashes.length) continue;
    const candidates: { id: string }[] = await tx.query(
      `SELECT a.id FROM asset a JOIN blob b ON b.id = a.blob_id AND b.workspace_id = a.workspace_id
        WHERE a.workspace_id = $1 AND b.sha256 = ANY($2) AND a.id <> $3 AND a.deleted_at IS NULL
        ORDER BY a.created_at ASC, a.id ASC LIMIT 5`,
      [asset.workspaceId, hashes, asset.id],
    );
    for (const c of candidates) {
      if (await wouldCycle(tx, asset.workspaceId, asset.id, c.id)) continue;
      return { parentId: c.id, source: hint.source, operation: OPERATION_BY_SOURCE[hint.source] ?? DerivationOperation.VARIATION };
    }
  }
  return null;
}

/** True when `candidate` descends from `assetId` (so making it the parent closes a loop). */
async function wouldCycle(tx: EntityManager, workspaceId: string, assetId: string, candidate: string): Promise<boolean> {
  const rows: { hit: boolean }[] = await tx.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM asset WHERE id = $2 AND workspace_id = $1
       UNION ALL
       SELECT a.id, a.parent_id, up.depth + 1 FROM asset a JOIN up ON a.id = up.parent_id
        WHERE a.workspace_id = $1 AND up.depth < 1000
     ) SELECT EXISTS (SELECT 1 FROM up WHERE id = $3) AS hit`,
    [workspaceId, candidate, assetId],
  );
  return rows[0]?.hit === true;
}
