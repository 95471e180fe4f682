import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The postgres engine's index: one denormalised row per live asset, maintained from the outbox by
 * the search indexer (never written by request handlers). Values follow the engine-neutral
 * SearchDocument (status/kind as GraphQL enum names, colours lower case). The GIN indexes on `tsv`
 * and `tags` and the trigram index on the lexicon live only in the migration (TypeORM cannot model
 * them): they are declared here with `synchronize: false` so the entity check leaves them alone.
 */
@Entity('search_document')
@Index('ix_search_document_ws_created', ['workspaceId', 'createdAt', 'assetId'])
@Index('ix_search_document_ws_approved', ['workspaceId', 'approvedAt', 'assetId'])
@Index('ix_search_document_ws_changed', ['workspaceId', 'statusChangedAt', 'assetId'])
@Index('ix_search_document_tsv', { synchronize: false })
@Index('ix_search_document_tags', { synchronize: false })
@Index('ix_search_document_indexed', ['indexedAt'])
// Count-only filters answer from these with index-only scans (migration 1764590000000, raw SQL: one is an expression index).
@Index('ix_search_document_ws_status_model', { synchronize: false })
@Index('ix_search_document_ws_kind_created', { synchronize: false })
// Matches in pseudo-random order for estimated totals (migration 1764600000000, expression index).
@Index('ix_search_document_ws_sample', { synchronize: false })
export class SearchDocumentEntity {
  @PrimaryColumn('uuid', { name: 'asset_id' }) assetId: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') status: string;
  @Column('text') kind: string;
  @Column('text', { nullable: true }) model: string | null;
  @Column('text', { nullable: true }) provider: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('text', { nullable: true }) orientation: string | null;
  @Column('boolean', { name: 'ai_generated', nullable: true }) aiGenerated: boolean | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('timestamptz', { name: 'status_changed_at', nullable: true }) statusChangedAt: Date | null;
  @Column('uuid', { name: 'stack_id', nullable: true }) stackId: string | null;
  @Column('boolean', { name: 'is_pick', default: false }) isPick: boolean;
  @Column('text', { array: true, default: () => "'{}'" }) tags: string[];
  @Column('text', { array: true, default: () => "'{}'" }) colors: string[];
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) prompt: string | null;
  @Column('text', { nullable: true }) notes: string | null;
  /** Tags with their synonyms and ancestors: searchable text, not a filter. */
  @Column('text', { name: 'tag_text', default: '' }) tagText: string;
  @Column('tsvector', { select: false }) tsv: string;
  /** 64-bit perceptual hash as a signed bigint: Hamming distance is bit_count(a # b). */
  @Column('bigint', { nullable: true }) phash: string | null;
  /** Visual descriptor, L2-normalised at index time so cosine similarity is a dot product. */
  @Column('real', { array: true, nullable: true }) descriptor: number[] | null;
  @Column('int', { name: 'source_version', default: 0 }) sourceVersion: number;
  @Column('timestamptz', { name: 'indexed_at' }) indexedAt: Date;
}

/** Distinct words of the indexed text per workspace: typo tolerance expands query words through it (pg_trgm). */
@Entity('search_lexicon')
// (workspace_id, word gin_trgm_ops) via btree_gin: the typo lookup stays inside the workspace's words.
@Index('ix_search_lexicon_ws_word_trgm', { synchronize: false })
export class SearchLexiconEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId: string;
  @PrimaryColumn('text') word: string;
}

/**
 * Facet counts of every workspace's whole index (field '#total' counts documents), maintained
 * exactly by statement triggers on search_document in the same transaction as the change
 * (migration 1764590000000). Browsing without text or filters reads counts here instead of
 * aggregating every document.
 */
@Entity('search_facet_count')
export class SearchFacetCountEntity {
  @PrimaryColumn('uuid', { name: 'workspace_id' }) workspaceId: string;
  @PrimaryColumn('text') field: string;
  @PrimaryColumn('text') value: string;
  @Column('int') n: number;
}
