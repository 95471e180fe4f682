import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AssetEntity } from '../assets/asset.entity';

/** A review comment on an asset, optionally pinned to a region (normalised 0–1) and/or a video time range. */
@Entity('comment')
@Index('ix_comment_asset', ['assetId', 'createdAt', 'id'])
export class CommentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'asset_id' }) assetId: string;
  @ManyToOne(() => AssetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_comment_asset' })
  asset?: AssetEntity;
  @Column('uuid', { name: 'author_id' }) authorId: string;
  @Column('text') body: string;
  // Four nullable columns rather than jsonb: the shape is fixed and the rules file validated it.
  @Column('double precision', { name: 'region_x', nullable: true }) regionX: number | null;
  @Column('double precision', { name: 'region_y', nullable: true }) regionY: number | null;
  @Column('double precision', { name: 'region_width', nullable: true }) regionWidth: number | null;
  @Column('double precision', { name: 'region_height', nullable: true }) regionHeight: number | null;
  @Column('int', { name: 'time_start_ms', nullable: true }) timeStartMs: number | null;
  @Column('int', { name: 'time_end_ms', nullable: true }) timeEndMs: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column('uuid', { name: 'resolved_by', nullable: true }) resolvedBy: string | null;
}
