import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from '../auth/workspace.entity';

/** An HTTP endpoint that receives its workspace's outbox events, signed with its own secret. */
@Entity('webhook')
@Index('ix_webhook_workspace', ['workspaceId', 'createdAt', 'id'])
export class WebhookEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id', foreignKeyConstraintName: 'fk_webhook_workspace' })
  workspace?: WorkspaceEntity;
  @Column('text') url: string;
  /** Outbox topics ('asset.status_changed'), 'asset.*' prefixes or '*'. */
  @Column('text', { array: true }) events: string[];
  /** HMAC key; needed in clear to sign, never returned by the API. */
  @Column('text') secret: string;
  @Column('boolean', { default: true }) active: boolean;
  @Column('int', { name: 'consecutive_failures', default: 0 }) consecutiveFailures: number;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
