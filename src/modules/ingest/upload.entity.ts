import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A pending upload: the client PUTs bytes to `tempKey`, then completes it into an asset. */
@Entity('upload')
@Index('ix_upload_workspace', ['workspaceId', 'createdAt'])
export class UploadEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'project_id' }) projectId: string;
  @Column('text') filename: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { name: 'declared_size', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  declaredSize: number;
  @Column('char', { name: 'declared_sha256', length: 64, nullable: true }) declaredSha256: string | null;
  @Column('text', { name: 'temp_key' }) tempKey: string;
  /** Set by the api's own PUT endpoint, which hashes while streaming (fs driver): no second read. */
  @Column('char', { name: 'received_sha256', length: 64, nullable: true }) receivedSha256: string | null;
  @Column('bigint', { name: 'received_size', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  receivedSize: number | null;
  @Column('text', { name: 'received_mime', nullable: true }) receivedMime: string | null;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('uuid', { name: 'asset_id', nullable: true }) assetId: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
