import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { EntityRows } from '../../infrastructure/database/entity-rows';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { AssetTagEntity, TagSource, TagState } from './asset-tag.entity';
import { normalizeLabel, slugify, TermIndex } from './term-matcher';
import { TermEntity } from './term.entity';
import { VocabularyEntity } from './vocabulary.entity';

export interface TagDraft {
  label: string;
  source: TagSource;
  confidence: number | null;
  state?: TagState;
  termId?: string | null;
}

/** The minimal vocabulary model: vocabularies, terms and asset tags. Curation features come later. */
@Injectable()
export class TaxonomyService {
  private readonly termRows: EntityRows<TermEntity>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.termRows = new EntityRows(db, TermEntity, 't');
  }

  async createVocabulary(workspaceId: string, name: string): Promise<VocabularyEntity> {
    const row = { id: randomUUID(), workspaceId, name: name.trim(), slug: slugify(name) };
    await this.db.getRepository(VocabularyEntity).insert(row);
    return this.db.getRepository(VocabularyEntity).findOneByOrFail({ id: row.id });
  }

  async createTerm(
    workspaceId: string,
    vocabularyId: string,
    input: { label: string; synonyms?: string[]; parentId?: string | null },
  ): Promise<TermEntity> {
    const vocab = await this.db.getRepository(VocabularyEntity).findOneBy({ id: vocabularyId, workspaceId });
    if (!vocab) throw new Error('vocabulary not found in this workspace');
    if (input.parentId && !(await this.db.getRepository(TermEntity).findOneBy({ id: input.parentId, workspaceId }))) {
      throw new Error('parent term not found in this workspace');
    }
    const row = {
      id: randomUUID(), workspaceId, vocabularyId, label: input.label.trim(), slug: slugify(input.label),
      synonyms: (input.synonyms ?? []).map((s) => s.trim()).filter(Boolean), parentId: input.parentId ?? null,
    };
    await this.db.getRepository(TermEntity).insert(row);
    return this.db.getRepository(TermEntity).findOneByOrFail({ id: row.id });
  }

  /** Active terms of the workspace, as a matcher; empty when it has no vocabularies. Read by every tag step. */
  async termIndex(workspaceId: string, tx: EntityManager = this.db.manager): Promise<TermIndex<TermEntity>> {
    const where = `WHERE t.workspace_id = $1 AND NOT t.deprecated AND t.merged_into IS NULL ORDER BY t.created_at, t.id`;
    return new TermIndex(await this.termRows.find(tx, 'taxonomy_active_terms', where, [workspaceId]));
  }

  termsByIds(workspaceId: string, ids: readonly string[]): Promise<TermEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.getRepository(TermEntity).findBy({ workspaceId, id: In([...ids]) });
  }

  tagsFor(workspaceId: string, assetIds: readonly string[]): Promise<AssetTagEntity[]> {
    if (!assetIds.length) return Promise.resolve([]);
    return this.db.getRepository(AssetTagEntity).find({
      where: { workspaceId, assetId: In([...assetIds]) },
      order: { confidence: { direction: 'DESC', nulls: 'LAST' }, label: 'ASC' },
    });
  }

  /**
   * Replaces one producer's machine suggestions on an asset, inside the caller's transaction.
   * Tags a person already accepted or rejected are kept as they are (never re-suggested).
   */
  async replaceMachineTags(
    tx: EntityManager,
    asset: { id: string; workspaceId: string },
    sources: TagSource[],
    drafts: TagDraft[],
    producerVersion: string,
  ): Promise<number> {
    // Machine rows (no author) of these sources go; a person's decision on a tag stays.
    await tx.query(
      `DELETE FROM asset_tag WHERE asset_id = $1 AND workspace_id = $2 AND source = ANY($3::text[])
          AND (state = 'suggested' OR (state = 'accepted' AND created_by IS NULL))`,
      [asset.id, asset.workspaceId, sources],
    );
    const seen = new Set<string>();
    const rows: { termId: string | null; key: string; label: string; source: TagSource; confidence: number | null; state: TagState }[] = [];
    for (const d of drafts) {
      const key = d.termId ?? normalizeLabel(d.label);
      if (!key || seen.has(`${d.source}|${key}`)) continue;
      seen.add(`${d.source}|${key}`);
      rows.push({ termId: d.termId ?? null, key, label: d.label, source: d.source, confidence: d.confidence, state: d.state ?? 'suggested' });
    }
    if (!rows.length) return 0;
    // One row per draft from parallel arrays; a tag a person already decided on (same asset, source, key) is left alone.
    const inserted = await preparedQuery(
      tx,
      'taxonomy_insert_machine_tags',
      `INSERT INTO asset_tag (id, workspace_id, asset_id, term_id, key, label, source, confidence, state, producer_version)
       SELECT gen_random_uuid(), $1, $2, t.term_id, t.key, t.label, t.source, t.confidence, t.state, $3
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::real[], $9::text[]) AS t(term_id, key, label, source, confidence, state)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        asset.workspaceId, asset.id, producerVersion, rows.map((r) => r.termId), rows.map((r) => r.key), rows.map((r) => r.label),
        rows.map((r) => r.source), rows.map((r) => r.confidence), rows.map((r) => r.state),
      ],
    );
    return inserted.length;
  }
}
