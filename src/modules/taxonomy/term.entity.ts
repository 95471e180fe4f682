import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { VocabularyEntity } from './vocabulary.entity';

/** A term of a vocabulary: hierarchical (parent), with synonyms that tagging matches too. */
@Entity('term')
@Index('uq_term_vocabulary_slug', ['vocabularyId', 'slug'], { unique: true })
@Index('ix_term_workspace', ['workspaceId'])
export class TermEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'vocabulary_id' }) vocabularyId: string;
  @ManyToOne(() => VocabularyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vocabulary_id', foreignKeyConstraintName: 'fk_term_vocabulary' })
  vocabulary?: VocabularyEntity;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @ManyToOne(() => TermEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_term_parent' })
  parent?: TermEntity;
  @Column('text') label: string;
  @Column('text') slug: string;
  @Column('text', { array: true, default: () => "'{}'" }) synonyms: string[];
  @Column('boolean', { default: false }) deprecated: boolean;
  @Column('uuid', { name: 'merged_into', nullable: true }) mergedInto: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
