import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stack groups variations of one image. Membership and the pick live on the asset row
 * (asset.stack_id, asset.is_pick): an asset is in at most one stack by construction, and a
 * partial unique index allows at most one pick per stack.
 */
@Entity('stack')
@Index('ix_stack_workspace', ['workspaceId', 'createdAt'])
export class StackEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
