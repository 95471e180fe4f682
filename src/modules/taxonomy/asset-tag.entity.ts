import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AssetEntity } from '../assets/asset.entity';
import { TermEntity } from './term.entity';

export type TagSource = 'manual' | 'prompt' | 'metadata' | 'vision' | 'rule';
export type TagState = 'suggested' | 'accepted' | 'rejected';

/**
 * One tag on one asset. `key` is the normalised label (or the term id when mapped), unique per
 * asset and source, so re-running a tagger replaces its own suggestions and never duplicates.
 */
@Entity('asset_tag')
@Index('uq_asset_tag_asset_source_key', ['assetId', 'source', 'key'], { unique: true })
@Index('ix_asset_tag_workspace_term', ['workspaceId', 'termId'])
export class AssetTagEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'asset_id' }) assetId: string;
  @ManyToOne(() => AssetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_asset_tag_asset' })
  asset?: AssetEntity;
  @Column('uuid', { name: 'term_id', nullable: true }) termId: string | null;
  @ManyToOne(() => TermEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'term_id', foreignKeyConstraintName: 'fk_asset_tag_term' })
  term?: TermEntity;
  @Column('text') key: string;
  @Column('text') label: string;
  @Column('text') source: TagSource;
  @Column('real', { nullable: true }) confidence: number | null;
  @Column('text', { default: 'suggested' }) state: TagState;
  /** Which tagger (and version) produced it: a tagger upgrade can re-run exactly its own tags. */
  @Column('text', { name: 'producer_version', nullable: true }) producerVersion: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
