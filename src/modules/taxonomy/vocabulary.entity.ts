import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A named set of terms (e.g. "Products", "Styles") in one workspace. */
@Entity('vocabulary')
@Index('uq_vocabulary_workspace_slug', ['workspaceId', 'slug'], { unique: true })
export class VocabularyEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') name: string;
  @Column('text') slug: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
