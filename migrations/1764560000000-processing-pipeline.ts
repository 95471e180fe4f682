import { MigrationInterface, QueryRunner } from 'typeorm';

/** Processing results: asset fingerprint/palette/rendition columns, embeddings, and the minimal vocabulary model with asset tags. */
export class ProcessingPipeline1764560000000 implements MigrationInterface {
  name = 'ProcessingPipeline1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "asset" ADD "phash" character(16)`);
    await q.query(`ALTER TABLE "asset" ADD "palette" jsonb`);
    await q.query(`ALTER TABLE "asset" ADD "renditions" jsonb`);
    await q.query(`ALTER TABLE "asset" ADD "ai_generated" boolean`);
    await q.query(`ALTER TABLE "asset" ADD "digital_source_type" text`);
    await q.query(`CREATE TABLE "asset_embedding" ("asset_id" uuid NOT NULL, "kind" text NOT NULL, "provider" text NOT NULL, "workspace_id" uuid NOT NULL, "version" text NOT NULL, "dims" integer NOT NULL, "vector" real array NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_10b231ca260158f1a7c224024ba" PRIMARY KEY ("asset_id", "kind", "provider"))`);
    await q.query(`CREATE INDEX "ix_asset_embedding_provider_version" ON "asset_embedding"  ("workspace_id", "provider", "version") `);
    await q.query(`CREATE TABLE "vocabulary" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" text NOT NULL, "slug" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_65dbd74f76cee79778299a2a21b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_vocabulary_workspace_slug" ON "vocabulary"  ("workspace_id", "slug") `);
    await q.query(`CREATE TABLE "term" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "vocabulary_id" uuid NOT NULL, "parent_id" uuid, "label" text NOT NULL, "slug" text NOT NULL, "synonyms" text array NOT NULL DEFAULT '{}', "deprecated" boolean NOT NULL DEFAULT false, "merged_into" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_55b0479f0743f2e5d5ec414821e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_term_workspace" ON "term"  ("workspace_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_term_vocabulary_slug" ON "term"  ("vocabulary_id", "slug") `);
    await q.query(`CREATE TABLE "asset_tag" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "asset_id" uuid NOT NULL, "term_id" uuid, "key" text NOT NULL, "label" text NOT NULL, "source" text NOT NULL, "confidence" real, "state" text NOT NULL DEFAULT 'suggested', "producer_version" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc1024247786d70ae36c809e1ff" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_asset_tag_workspace_term" ON "asset_tag"  ("workspace_id", "term_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_asset_tag_asset_source_key" ON "asset_tag"  ("asset_id", "source", "key") `);
    await q.query(`ALTER TABLE "asset_embedding" ADD CONSTRAINT "fk_asset_embedding_asset" FOREIGN KEY ("asset_id") REFERENCES "asset"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "term" ADD CONSTRAINT "fk_term_vocabulary" FOREIGN KEY ("vocabulary_id") REFERENCES "vocabulary"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "term" ADD CONSTRAINT "fk_term_parent" FOREIGN KEY ("parent_id") REFERENCES "term"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "asset_tag" ADD CONSTRAINT "fk_asset_tag_asset" FOREIGN KEY ("asset_id") REFERENCES "asset"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "asset_tag" ADD CONSTRAINT "fk_asset_tag_term" FOREIGN KEY ("term_id") REFERENCES "term"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "asset_tag" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "term" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "vocabulary" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "asset_embedding" CASCADE`);
    for (const c of ['digital_source_type', 'ai_generated', 'renditions', 'palette', 'phash']) await q.query(`ALTER TABLE "asset" DROP COLUMN IF EXISTS "${c}"`);
  }
}
