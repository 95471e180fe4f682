import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Estimated totals for large match sets (postgres engine, docs/search.md "Totals"): documents of a
 * workspace in the order of a pseudo-random hash of their id, so the matches with the smallest
 * hashes (a uniform sample, unrelated to content or age) are found without visiting every match.
 * Raw SQL (expression index): the entity declares it with synchronize: false.
 */
export class SearchTotalEstimate1764600000000 implements MigrationInterface {
  name = 'SearchTotalEstimate1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_search_document_ws_sample" ON "search_document" ("workspace_id", uuid_hash("asset_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_search_document_ws_sample"`);
  }
}
