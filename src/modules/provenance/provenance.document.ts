/**
 * The provenance document of one asset: everything known about how it was made, in one
 * JSON object (asset.provenance). Pure: the resolver gathers the facts, this shapes them.
 */
import { GENERATION_FIELDS, Generation, GenerationSources } from '../assets/generation';

export const PROVENANCE_SCHEMA = 'lightbox.provenance/v1';

export interface ProvenanceFacts {
  asset: {
    id: string;
    title: string | null;
    kind: string;
    createdAt: Date;
    createdBy: string | null;
    projectId: string;
    operation: string | null;
    parentSource: string | null;
    status: string;
    statusChangedAt: Date | null;
    approvedAt: Date | null;
    approvedBy: string | null;
  };
  blob: { sha256: string; mime: string; size: number };
  generation: Generation | null;
  generationSources: GenerationSources | null;
  embeddedMetadata: Record<string, unknown> | null;
  /** Nearest first; each ancestor carries its own link (operation, parentSource) to its parent. */
  chain: { id: string; depth: number; title: string | null; status: string; operation: string | null; parentSource: string | null }[];
  chainTruncated: boolean;
  stack: { id: string; isPick: boolean } | null;
  /** Maps a raw uuid to the id clients use (global ids). */
  globalId: (type: 'Asset' | 'Project' | 'Stack', id: string) => string;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function buildProvenance(f: ProvenanceFacts): Record<string, unknown> {
  const generation: Record<string, { value: unknown; source: string | null }> = {};
  for (const field of GENERATION_FIELDS) {
    const value = f.generation?.[field];
    if (value === undefined || value === null || value === '') continue;
    generation[field] = { value, source: f.generationSources?.[field] ?? null };
  }
  const meta = f.embeddedMetadata;
  const c2pa = record(meta?.c2pa);
  // parentChain[i].operation says how the asset one step closer was derived from chain[i].
  const parentChain = f.chain.map((a, i) => {
    const closer = i === 0 ? { operation: f.asset.operation, parentSource: f.asset.parentSource } : f.chain[i - 1];
    return {
      depth: a.depth, id: f.globalId('Asset', a.id), title: a.title, status: a.status,
      derivedChild: { operation: closer.operation, linkSource: closer.parentSource },
    };
  });
  return {
    schema: PROVENANCE_SCHEMA,
    asset: {
      id: f.globalId('Asset', f.asset.id), title: f.asset.title, kind: f.asset.kind,
      sha256: f.blob.sha256, mime: f.blob.mime, size: f.blob.size,
      project: f.globalId('Project', f.asset.projectId), createdAt: iso(f.asset.createdAt), createdBy: f.asset.createdBy,
    },
    generation,
    aiGenerated: typeof meta?.aiGenerated === 'boolean' ? meta.aiGenerated : null,
    digitalSourceType: typeof meta?.digitalSourceType === 'string' ? meta.digitalSourceType : null,
    c2pa: c2pa
      ? {
          claimGenerator: c2pa.claimGenerator ?? null, title: c2pa.title ?? null, digitalSourceType: c2pa.digitalSourceType ?? null,
          actions: c2pa.actions ?? [], ingredients: c2pa.ingredients ?? [], validation: c2pa.validation ?? null,
          validationErrors: c2pa.validationErrors ?? [],
        }
      : null,
    parent: f.chain.length ? { id: f.globalId('Asset', f.chain[0].id), operation: f.asset.operation, source: f.asset.parentSource } : null,
    parentChain,
    parentChainTruncated: f.chainTruncated,
    stack: f.stack ? { id: f.globalId('Stack', f.stack.id), isPick: f.stack.isPick } : null,
    review: { status: f.asset.status, statusChangedAt: iso(f.asset.statusChangedAt), approvedAt: iso(f.asset.approvedAt), approvedBy: f.asset.approvedBy },
    // Generation templates are not modelled yet; the key is part of the document's shape.
    template: null,
  };
}
