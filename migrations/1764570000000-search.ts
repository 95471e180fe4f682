import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search (postgres engine): the denormalised search_document table kept in sync from the outbox,
 * a per-workspace word lexicon for typo tolerance (pg_trgm), and search jobs (reindex).
 * The GIN indexes are raw SQL: the entities declare them with synchronize: false.
 */
export class Search1764570000000 implements MigrationInterface {
  name = 'Search1764570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TABLE "search_document" ("asset_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "status" text NOT NULL, "kind" text NOT NULL, "model" text, "provider" text, "created_by" uuid, "approved_by" uuid, "orientation" text, "ai_generated" boolean, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE, "status_changed_at" TIMESTAMP WITH TIME ZONE, "stack_id" uuid, "is_pick" boolean NOT NULL DEFAULT false, "tags" text array NOT NULL DEFAULT '{}', "colors" text array NOT NULL DEFAULT '{}', "title" text, "prompt" text, "notes" text, "tag_text" text NOT NULL DEFAULT '', "tsv" tsvector NOT NULL, "phash" bigint, "descriptor" real array, "source_version" integer NOT NULL DEFAULT '0', "indexed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8ae55a2653ce21fa613cfd01044" PRIMARY KEY ("asset_id"))`);
    await q.query(`CREATE INDEX "ix_search_document_indexed" ON "search_document"  ("indexed_at") `);
    await q.query(`CREATE INDEX "ix_search_document_ws_changed" ON "search_document"  ("workspace_id", "status_changed_at", "asset_id") `);
    await q.query(`CREATE INDEX "ix_search_document_ws_approved" ON "search_document"  ("workspace_id", "approved_at", "asset_id") `);
    await q.query(`CREATE INDEX "ix_search_document_ws_created" ON "search_document"  ("workspace_id", "created_at", "asset_id") `);
    await q.query(`CREATE INDEX "ix_search_document_tsv" ON "search_document" USING GIN ("tsv")`);
    await q.query(`CREATE INDEX "ix_search_document_tags" ON "search_document" USING GIN ("tags")`);
    await q.query(`CREATE TABLE "search_lexicon" ("workspace_id" uuid NOT NULL, "word" text NOT NULL, CONSTRAINT "PK_763114ecf0d60f6abc66e7edd13" PRIMARY KEY ("workspace_id", "word"))`);
    await q.query(`CREATE INDEX "ix_search_lexicon_word_trgm" ON "search_lexicon" USING GIN ("word" gin_trgm_ops)`);
    await q.query(`CREATE TABLE "search_job" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" text NOT NULL, "engine" text NOT NULL, "state" text NOT NULL DEFAULT 'queued', "progress" double precision NOT NULL DEFAULT '0', "processed" integer NOT NULL DEFAULT '0', "total" integer NOT NULL DEFAULT '0', "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_36a8f122716b0fabe691d3b67a0" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_search_job_workspace" ON "search_job"  ("workspace_id", "created_at") `);
    // Existing assets get indexed by the first reindex (or their next outbox event).
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "search_job"`);
    await q.query(`DROP TABLE "search_lexicon"`);
    await q.query(`DROP TABLE "search_document"`);
  }
}
