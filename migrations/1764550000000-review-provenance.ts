import { MigrationInterface, QueryRunner } from 'typeorm';

/** Review and provenance: comments, stacks (asset.stack_id + asset.is_pick, one pick per stack). */
export class ReviewProvenance1764550000000 implements MigrationInterface {
  name = 'ReviewProvenance1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stack" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fbaa981bb0579f5c6be52714e2f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_stack_workspace" ON "stack"  ("workspace_id", "created_at") `);
    await q.query(`CREATE TABLE "comment" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "asset_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "region_x" double precision, "region_y" double precision, "region_width" double precision, "region_height" double precision, "time_start_ms" integer, "time_end_ms" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_comment_asset" ON "comment"  ("asset_id", "created_at", "id") `);
    await q.query(`ALTER TABLE "asset" ADD "stack_id" uuid`);
    await q.query(`ALTER TABLE "asset" ADD "is_pick" boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX "uq_asset_stack_pick" ON "asset"  ("stack_id") WHERE is_pick`);
    await q.query(`CREATE INDEX "ix_asset_stack" ON "asset"  ("stack_id") `);
    await q.query(`ALTER TABLE "asset" ADD CONSTRAINT "ck_asset_pick_in_stack" CHECK (NOT is_pick OR stack_id IS NOT NULL)`);
    await q.query(`ALTER TABLE "asset" ADD CONSTRAINT "fk_asset_stack" FOREIGN KEY ("stack_id") REFERENCES "stack"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "comment" ADD CONSTRAINT "fk_comment_asset" FOREIGN KEY ("asset_id") REFERENCES "asset"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "comment" DROP CONSTRAINT "fk_comment_asset"`);
    await q.query(`ALTER TABLE "asset" DROP CONSTRAINT "fk_asset_stack"`);
    await q.query(`ALTER TABLE "asset" DROP CONSTRAINT "ck_asset_pick_in_stack"`);
    await q.query(`DROP INDEX "ix_asset_stack"`);
    await q.query(`DROP INDEX "uq_asset_stack_pick"`);
    await q.query(`ALTER TABLE "asset" DROP COLUMN "is_pick"`);
    await q.query(`ALTER TABLE "asset" DROP COLUMN "stack_id"`);
    await q.query(`DROP TABLE "comment"`);
    await q.query(`DROP TABLE "stack"`);
  }
}
