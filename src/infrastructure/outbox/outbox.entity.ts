import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Written in the same transaction as the change it describes; a relay delivers it afterwards
 * (search index, webhooks, subscriptions). A crash between commit and relay loses nothing.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['id'], { where: 'dispatched_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') topic: string;
  @Column('uuid', { name: 'aggregate_id', nullable: true }) aggregateId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'dispatched_at', nullable: true }) dispatchedAt: Date | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
}
