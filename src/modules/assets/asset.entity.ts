import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';
import { AssetKind, AssetStatus, DerivationOperation } from './asset.enums';
import { BlobEntity } from './blob.entity';
import { Generation, GenerationSources } from './generation';

@Entity('asset')
@Index('ix_asset_workspace_created', ['workspaceId', 'createdAt', 'id'])
@Index('ix_asset_project_created', ['projectId', 'createdAt', 'id'])
@Index('ix_asset_parent', ['parentId'])
@Index('ix_asset_stack', ['stackId'])
// At most one pick per stack, enforced by Postgres (the stack service keeps it at exactly one).
@Index('uq_asset_stack_pick', ['stackId'], { unique: true, where: 'is_pick' })
@Check('ck_asset_pick_in_stack', 'NOT is_pick OR stack_id IS NOT NULL')
export class AssetEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_asset_project' })
  project?: ProjectEntity;
  @Column('uuid', { name: 'blob_id' }) blobId: string;
  @ManyToOne(() => BlobEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'blob_id', foreignKeyConstraintName: 'fk_asset_blob' })
  blob?: BlobEntity;
  @Column('text') kind: AssetKind;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { name: 'original_filename', nullable: true }) originalFilename: string | null;
  @Column('int', { nullable: true }) width: number | null;
  @Column('int', { nullable: true }) height: number | null;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  @Column('text', { default: AssetStatus.DRAFT }) status: AssetStatus;
  @Column('timestamptz', { name: 'status_changed_at', nullable: true }) statusChangedAt: Date | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('uuid', { name: 'approved_by', nullable: true }) approvedBy: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('jsonb') generation: Generation;
  @Column('jsonb', { name: 'generation_sources' }) generationSources: GenerationSources;
  /**
   * Everything the probe read from the file (EXIF, chunks, C2PA summary, a ComfyUI workflow), up to
   * 64 KB. Not read with the asset (select: false): a page of 20 assets would carry up to 1.3 MB of it.
   * AssetService.embeddedMetadata / AssetLoaders.embeddedMetadata read it where it is needed.
   */
  @Column('jsonb', { name: 'embedded_metadata', nullable: true, select: false }) embeddedMetadata?: Record<string, unknown> | null;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @ManyToOne(() => AssetEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_asset_parent' })
  parent?: AssetEntity;
  @Column('text', { nullable: true }) operation: DerivationOperation | null;
  @Column('text', { name: 'parent_source', nullable: true }) parentSource: string | null;
  /** Stack membership (provenance module); the string target avoids importing that module here. */
  @Column('uuid', { name: 'stack_id', nullable: true }) stackId: string | null;
  @ManyToOne('StackEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stack_id', foreignKeyConstraintName: 'fk_asset_stack' })
  stack?: unknown;
  @Column('boolean', { name: 'is_pick', default: false }) isPick: boolean;
  /** Processing results (see src/modules/processing): 64-bit DCT pHash as 16 hex digits, palette, renditions. */
  @Column('char', { length: 16, nullable: true }) phash: string | null;
  @Column('jsonb', { nullable: true }) palette: { hex: string; weight: number; name: string }[] | null;
  /** Thumbnails/poster renditions by requested long side: storage key and actual size. */
  @Column('jsonb', { nullable: true }) renditions: { size: number; width: number; height: number; key: string; mime: string }[] | null;
  /** From C2PA / IPTC DigitalSourceType or generator metadata; null when the file says nothing. */
  @Column('boolean', { name: 'ai_generated', nullable: true }) aiGenerated: boolean | null;
  @Column('text', { name: 'digital_source_type', nullable: true }) digitalSourceType: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
}
