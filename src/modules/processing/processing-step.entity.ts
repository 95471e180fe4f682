import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type StepState = 'queued' | 'running' | 'done' | 'failed' | 'skipped';

/** One row per asset and pipeline step: what `asset.processing` shows and the reconciler scans. */
@Entity('asset_processing_step')
@Index('ix_processing_step_state', ['state', 'updatedAt'])
@Index('ix_processing_step_workspace_failed', ['workspaceId', 'updatedAt'], { where: "state = 'failed'" })
export class ProcessingStepEntity {
  @PrimaryColumn('uuid', { name: 'asset_id' }) assetId: string;
  @PrimaryColumn('text') step: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') state: StepState;
  @Column('char', { name: 'blob_sha256', length: 64 }) blobSha256: string;
  /** Bumped by reprocessing so the job id (and so BullMQ's dedup) is new for each run. */
  @Column('int', { default: 1 }) run: number;
  @Column('int', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) error: string | null;
  /** Which implementation/provider version produced the result, so an upgrade can target old ones. */
  @Column('text', { name: 'producer_version', nullable: true }) producerVersion: string | null;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
