import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AssetEntity } from '../assets/asset.entity';

/**
 * One vector per asset, kind and provider. `version` names the model/algorithm that produced
 * it, so an upgrade can find (and re-embed) exactly the assets embedded by the old one.
 */
@Entity('asset_embedding')
@Index('ix_asset_embedding_provider_version', ['workspaceId', 'provider', 'version'])
export class AssetEmbeddingEntity {
  @PrimaryColumn('uuid', { name: 'asset_id' }) assetId: string;
  @ManyToOne(() => AssetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_asset_embedding_asset' })
  asset?: AssetEntity;
  /** 'visual' (built-in descriptor), 'text' (prompt via a provider) or 'image' (provider). */
  @PrimaryColumn('text') kind: string;
  @PrimaryColumn('text') provider: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') version: string;
  @Column('int') dims: number;
  @Column('real', { array: true }) vector: number[];
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
