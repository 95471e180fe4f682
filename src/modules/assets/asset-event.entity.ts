import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: the audit trail and the generation history of every asset. */
@Entity('asset_event')
@Index('ix_asset_event_asset', ['assetId', 'id'])
@Index('ix_asset_event_workspace', ['workspaceId', 'id'])
export class AssetEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'project_id', nullable: true }) projectId: string | null;
  @Column('uuid', { name: 'asset_id', nullable: true }) assetId: string | null;
  @Column('text') type: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at: Date;
}
