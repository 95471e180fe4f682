import { MigrationInterface, QueryRunner } from 'typeorm';

/** One (field, value) row per facet value of a document, plus '#total'; NULLs are no value (as in the facet aggregation). */
const FACET_VALUES = (r: string) => `
  SELECT r.workspace_id, f.field, f.value FROM ${r} r CROSS JOIN LATERAL (
    VALUES ('#total', ''), ('status', r.status), ('model', r.model), ('kind', r.kind),
           ('projectId', r.project_id::text), ('createdBy', r.created_by::text)
    UNION ALL SELECT 'tags', t FROM unnest(r.tags) AS t
    UNION ALL SELECT 'colors', c FROM unnest(r.colors) AS c
  ) AS f(field, value) WHERE f.value IS NOT NULL`;

/** Applies the net change of one statement; rows are locked in key order (no deadlock between indexers), zeros removed. */
const APPLY = (delta: string) => `
    WITH up AS (
      INSERT INTO search_facet_count AS c (workspace_id, field, value, n)
      SELECT workspace_id, field, value, sum(d)::int FROM (${delta}) x
      GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (workspace_id, field, value) DO UPDATE SET n = c.n + EXCLUDED.n
      RETURNING c.workspace_id, c.field, c.value, c.n
    )
    DELETE FROM search_facet_count c USING up
    WHERE up.n <= 0 AND c.workspace_id = up.workspace_id AND c.field = up.field AND c.value = up.value;`;

const PLUS = (r: string) => `SELECT workspace_id, field, value, 1 AS d FROM (${FACET_VALUES(r)}) p`;
const MINUS = (r: string) => `SELECT workspace_id, field, value, -1 AS d FROM (${FACET_VALUES(r)}) m`;

/**
 * Search performance (postgres engine), measured with `npm run bench:search` (docs/BENCHMARKS.md):
 * - search_facet_count: exact per-workspace facet counts kept by statement-level triggers with
 *   transition tables (one aggregated delta per statement, so a 2000-row reindex batch whose
 *   values did not change writes nothing). Unfiltered browsing reads it instead of aggregating.
 * - lexicon trigram index on (workspace_id, word) (btree_gin): the typo lookup of one word is an
 *   index scan over the workspace's words instead of a scan of every lexicon row.
 * - btree indexes so that counts of common filters (status/model, kind + created range) are
 *   index-only scans.
 */
export class SearchPerformance1764590000000 implements MigrationInterface {
  name = 'SearchPerformance1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    // fastupdate off: new words go straight into the index; a pending list (until the next vacuum) is scanned
    // linearly by every typo lookup (30-40 ms right after a reindex instead of ~1 ms).
    await q.query(`CREATE INDEX "ix_search_lexicon_ws_word_trgm" ON "search_lexicon" USING GIN ("workspace_id", "word" gin_trgm_ops) WITH (fastupdate = off)`);
    await q.query(`DROP INDEX "public"."ix_search_lexicon_word_trgm"`);
    await q.query(`CREATE INDEX "ix_search_document_ws_status_model" ON "search_document" ("workspace_id", "status", lower("model"), "created_at")`);
    await q.query(`CREATE INDEX "ix_search_document_ws_kind_created" ON "search_document" ("workspace_id", "kind", "created_at")`);

    await q.query(`CREATE TABLE "search_facet_count" ("workspace_id" uuid NOT NULL, "field" text NOT NULL, "value" text NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_75fbb323c71a4c74de6a14aadf4" PRIMARY KEY ("workspace_id", "field", "value"))`);
    await q.query(`
      CREATE FUNCTION search_facet_count_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${APPLY(PLUS('new_rows'))}
        ELSIF TG_OP = 'UPDATE' THEN
          ${APPLY(`${PLUS('new_rows')} UNION ALL ${MINUS('old_rows')}`)}
        ELSE
          ${APPLY(MINUS('old_rows'))}
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`CREATE TRIGGER search_facet_count_ins AFTER INSERT ON search_document REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facet_count_sync()`);
    await q.query(`CREATE TRIGGER search_facet_count_upd AFTER UPDATE ON search_document REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facet_count_sync()`);
    await q.query(`CREATE TRIGGER search_facet_count_del AFTER DELETE ON search_document REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facet_count_sync()`);
    // Documents indexed before this migration.
    await q.query(`LOCK TABLE search_document IN SHARE MODE`);
    await q.query(`INSERT INTO search_facet_count (workspace_id, field, value, n)
      SELECT workspace_id, field, value, count(*)::int FROM (${FACET_VALUES('search_document')}) v GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER search_facet_count_del ON search_document`);
    await q.query(`DROP TRIGGER search_facet_count_upd ON search_document`);
    await q.query(`DROP TRIGGER search_facet_count_ins ON search_document`);
    await q.query(`DROP FUNCTION search_facet_count_sync()`);
    await q.query(`DROP TABLE "search_facet_count"`);
    await q.query(`DROP INDEX "public"."ix_search_document_ws_kind_created"`);
    await q.query(`DROP INDEX "public"."ix_search_document_ws_status_model"`);
    await q.query(`CREATE INDEX "ix_search_lexicon_word_trgm" ON "search_lexicon" USING GIN ("word" gin_trgm_ops)`);
    await q.query(`DROP INDEX "public"."ix_search_lexicon_ws_word_trgm"`);
  }
}
