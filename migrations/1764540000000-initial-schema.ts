import { MigrationInterface, QueryRunner } from 'typeorm';

/** The spine: tenancy, API keys, content-addressed blobs, assets, audit events, outbox, uploads, pipeline steps. */
export class InitialSchema1764540000000 implements MigrationInterface {
  name = 'InitialSchema1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "asset_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "project_id" uuid, "asset_id" uuid, "type" text NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d0534c2bb8faaf00628625ad24" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_asset_event_workspace" ON "asset_event"  ("workspace_id", "id") `);
    await q.query(`CREATE INDEX "ix_asset_event_asset" ON "asset_event"  ("asset_id", "id") `);
    await q.query(`CREATE TABLE "workspace" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca86b6f9b3be5fe26d307d09b49" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "project" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" text NOT NULL, "slug" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d68b1358bb5b766d3e78f32f57" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_project_workspace_slug" ON "project"  ("workspace_id", "slug") `);
    await q.query(`CREATE TABLE "blob" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "sha256" character(64) NOT NULL, "size" bigint NOT NULL, "mime" text NOT NULL, "storage_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_96ba396dd89a9ad8b61180bcb96" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_blob_workspace_sha" ON "blob"  ("workspace_id", "sha256") `);
    await q.query(`CREATE TABLE "asset" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "blob_id" uuid NOT NULL, "kind" text NOT NULL, "title" text, "original_filename" text, "width" integer, "height" integer, "duration_ms" integer, "status" text NOT NULL DEFAULT 'draft', "status_changed_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "created_by" uuid, "generation" jsonb NOT NULL, "generation_sources" jsonb NOT NULL, "embedded_metadata" jsonb, "parent_id" uuid, "operation" text, "parent_source" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1209d107fe21482beaea51b745e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_asset_parent" ON "asset"  ("parent_id") `);
    await q.query(`CREATE INDEX "ix_asset_project_created" ON "asset"  ("project_id", "created_at", "id") `);
    await q.query(`CREATE INDEX "ix_asset_workspace_created" ON "asset"  ("workspace_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "prefix" text NOT NULL, "secret_hash" text NOT NULL, "role" text NOT NULL, "label" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_key_prefix" ON "api_key"  ("prefix") `);
    await q.query(`CREATE TABLE "upload" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "filename" text NOT NULL, "content_type" text NOT NULL, "declared_size" bigint NOT NULL, "declared_sha256" character(64), "temp_key" text NOT NULL, "received_sha256" character(64), "received_size" bigint, "received_mime" text, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "asset_id" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fe8db121b3de4ddfa677fc51f3" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_upload_workspace" ON "upload"  ("workspace_id", "created_at") `);
    await q.query(`CREATE TABLE "asset_processing_step" ("asset_id" uuid NOT NULL, "step" text NOT NULL, "workspace_id" uuid NOT NULL, "state" text NOT NULL, "blob_sha256" character(64) NOT NULL, "run" integer NOT NULL DEFAULT '1', "attempts" integer NOT NULL DEFAULT '0', "error" text, "producer_version" text, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f8e24ace8ead27b03a7c0e43239" PRIMARY KEY ("asset_id", "step"))`);
    await q.query(`CREATE INDEX "ix_processing_step_workspace_failed" ON "asset_processing_step"  ("workspace_id", "updated_at") WHERE state = 'failed'`);
    await q.query(`CREATE INDEX "ix_processing_step_state" ON "asset_processing_step"  ("state", "updated_at") `);
    await q.query(`CREATE TABLE "outbox" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "workspace_id" uuid NOT NULL, "topic" text NOT NULL, "aggregate_id" uuid, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_outbox_pending" ON "outbox"  ("id") WHERE dispatched_at IS NULL`);
    await q.query(`ALTER TABLE "project" ADD CONSTRAINT "fk_project_workspace" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "asset" ADD CONSTRAINT "fk_asset_project" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "asset" ADD CONSTRAINT "fk_asset_blob" FOREIGN KEY ("blob_id") REFERENCES "blob"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "asset" ADD CONSTRAINT "fk_asset_parent" FOREIGN KEY ("parent_id") REFERENCES "asset"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_key" ADD CONSTRAINT "fk_api_key_workspace" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "outbox" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "asset_processing_step" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "upload" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "asset_event" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "asset" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "blob" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "api_key" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "project" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "workspace" CASCADE`);
  }
}
