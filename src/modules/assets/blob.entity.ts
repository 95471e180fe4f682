import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A content-addressed original. Two assets of the same bytes share one blob (exact dedup per workspace). */
@Entity('blob')
@Index('uq_blob_workspace_sha', ['workspaceId', 'sha256'], { unique: true })
export class BlobEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('char', { length: 64 }) sha256: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column('text') mime: string;
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
