import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A long-running search job (reindex) a client watches through `job(id)`; owned by the workspace that started it. */
@Entity('search_job')
@Index('ix_search_job_workspace', ['workspaceId', 'createdAt'])
export class SearchJobEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') name: string;
  @Column('text') engine: string;
  /** queued | running | completed | failed */
  @Column('text', { default: 'queued' }) state: string;
  @Column('double precision', { default: 0 }) progress: number;
  @Column('int', { default: 0 }) processed: number;
  @Column('int', { default: 0 }) total: number;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
  @Column('text', { nullable: true }) error: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
