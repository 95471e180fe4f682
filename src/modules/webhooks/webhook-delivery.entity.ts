import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookEntity } from './webhook.entity';

/** One delivery attempt: the log behind `webhook.deliveries`. Appended by the delivery processor only. */
@Entity('webhook_delivery')
@Index('ix_webhook_delivery_webhook', ['webhookId', 'at', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'webhook_id' }) webhookId: string;
  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'fk_webhook_delivery_webhook' })
  webhook?: WebhookEntity;
  /** The outbox row delivered: the same id on every attempt, and the receiver's idempotency key. */
  @Column('bigint', { name: 'outbox_id' }) outboxId: string;
  @Column('text') event: string;
  @Column('int') attempt: number;
  /** HTTP status when a response arrived. */
  @Column('int', { nullable: true }) status: number | null;
  @Column('boolean') succeeded: boolean;
  @Column('text', { nullable: true }) error: string | null;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  /** Set by the writer in milliseconds, so keyset cursors (ms precision) compare exactly. */
  @Column('timestamptz') at: Date;
}
