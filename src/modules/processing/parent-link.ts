import { EntityManager } from 'typeorm';
import { DerivationOperation } from '../assets/asset.enums';
import type { LineageService } from '../provenance/lineage.service';
import type { ParentHint } from './metadata/embedded-metadata.types';

export interface MetadataParentLink {
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
 * Links an asset to the parent its metadata names by hash: an asset of the SAME workspace whose
 * blob has that SHA-256 (the oldest one first), never the asset itself. The write goes through
 * LineageService.linkParent (the one cycle check, DERIVED event, outbox row); a candidate that
 * would close a loop is skipped for the next one. `operation` overrides the one the source implies
 * (the client's own). Returns the link written, or null.
 */
export async function linkParentFromHints(
  tx: EntityManager,
  lineage: LineageService,
  asset: { id: string; workspaceId: string; operation?: DerivationOperation | null },
  hints: readonly ParentHint[],
): Promise<MetadataParentLink | null> {
  for (const hint of hints) {
    const hashes = hint.sha256.map((h) => h.toLowerCase()).filter((h) => /^[0-9a-f]{64}$/.test(h));
    if (!hashes.length) continue;
    const candidates: { id: string }[] = await tx.query(
      `SELECT a.id FROM asset a JOIN blob b ON b.id = a.blob_id AND b.workspace_id = a.workspace_id
        WHERE a.workspace_id = $1 AND b.sha256 = ANY($2) AND a.id <> $3 AND a.deleted_at IS NULL
        ORDER BY a.created_at ASC, a.id ASC LIMIT 5`,
      [asset.workspaceId, hashes, asset.id],
    );
    const operation = asset.operation ?? OPERATION_BY_SOURCE[hint.source] ?? DerivationOperation.VARIATION;
    for (const c of candidates) {
      const outcome = await lineage.linkParent(tx, {
        workspaceId: asset.workspaceId, childId: asset.id, parentId: c.id, operation, source: hint.source, actorId: null,
      });
      if (outcome === 'linked') return { parentId: c.id, source: hint.source, operation };
    }
  }
  return null;
}
