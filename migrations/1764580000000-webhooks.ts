import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhooks (endpoint, events, signing secret, auto-disable state) and their delivery log. */
export class Webhooks1764580000000 implements MigrationInterface {
  name = 'Webhooks1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "consecutive_failures" integer NOT NULL DEFAULT '0', "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6765510c2d078db49632b59020" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_webhook_workspace" ON "webhook"  ("workspace_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "outbox_id" bigint NOT NULL, "event" text NOT NULL, "attempt" integer NOT NULL, "status" integer, "succeeded" boolean NOT NULL, "error" text, "duration_ms" integer, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_webhook_delivery_webhook" ON "webhook_delivery"  ("webhook_id", "at", "id") `);
    await q.query(`ALTER TABLE "webhook" ADD CONSTRAINT "fk_webhook_workspace" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "fk_webhook_delivery_webhook" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_delivery"`);
    await q.query(`DROP TABLE "webhook"`);
  }
}
