import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { ForbiddenForRoleError } from '../../common/errors/error-result';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { EntityRows } from '../../infrastructure/database/entity-rows';
import { BlockedUrlError as BlockedUrl, FetchFailedError, checkUrl } from '../../infrastructure/http';
import type { Principal } from '../auth/principal';
import { Role, roleAtLeast } from '../auth/role';
import { BlockedUrlError } from '../ingest/ingest.results';
import { invalidEventPattern } from './webhook-events';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import type { CreateWebhookInput } from './webhook.object';

const MIN_SECRET = 16;
const MAX_SECRET = 256;
const MAX_URL = 2048;

export type CreateWebhookOutcome = WebhookEntity | BlockedUrlError | ForbiddenForRoleError;

export interface DeliveryAttempt {
  attempt: number;
  status: number | null;
  succeeded: boolean;
  error: string | null;
  durationMs: number;
  /** This attempt ends the delivery (success, last retry, or a permanent failure). */
  final: boolean;
}

/** Webhook registration, reads (always workspace-scoped) and the delivery log / auto-disable rules. */
@Injectable()
export class WebhookService {
  private readonly webhookRows: EntityRows<WebhookEntity>;

  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.webhookRows = new EntityRows(db, WebhookEntity, 'w');
  }

  async create(me: Principal, input: CreateWebhookInput): Promise<CreateWebhookOutcome> {
    if (!roleAtLeast(me.role, Role.ADMIN)) return new ForbiddenForRoleError(`Creating webhooks needs the admin role; your key has ${me.role}`);
    const problem = invalidEventPattern(input.events);
    if (problem) throw badUserInput(problem, { field: 'events' });
    if (input.secret.length < MIN_SECRET || input.secret.length > MAX_SECRET) {
      throw badUserInput(`secret must be ${MIN_SECRET} to ${MAX_SECRET} characters`, { field: 'secret' });
    }
    if (input.url.length > MAX_URL) throw badUserInput(`url must be at most ${MAX_URL} characters`, { field: 'url' });
    // The same guard as URL import, now (clear feedback) and again on every send (DNS can change).
    try {
      await checkUrl(input.url, { allowedCidrs: this.config.webhooks.allowedCidrs });
    } catch (err) {
      if (err instanceof BlockedUrl) return new BlockedUrlError(err.message);
      if (err instanceof FetchFailedError) return new BlockedUrlError(`URL blocked: ${err.message}`);
      throw err;
    }
    const hook = this.db.getRepository(WebhookEntity).create({
      id: randomUUID(),
      workspaceId: me.workspaceId,
      url: input.url,
      events: [...new Set(input.events)],
      secret: input.secret,
      active: true,
      consecutiveFailures: 0,
      disabledAt: null,
      disabledReason: null,
      createdBy: me.id,
    });
    await this.db.getRepository(WebhookEntity).insert(hook);
    return (await this.db.getRepository(WebhookEntity).findOneBy({ id: hook.id, workspaceId: me.workspaceId }))!;
  }

  /** Switches a webhook on or off; switching on clears the failure streak. Null when not in this workspace. */
  async setActive(workspaceId: string, id: string, active: boolean): Promise<WebhookEntity | null> {
    const patch = active ? { active, consecutiveFailures: 0, disabledAt: null, disabledReason: null } : { active, disabledAt: new Date(), disabledReason: 'disabled by an admin' };
    await this.db.getRepository(WebhookEntity).update({ id, workspaceId }, patch);
    return this.find(workspaceId, id);
  }

  list(workspaceId: string): Promise<WebhookEntity[]> {
    return this.db.getRepository(WebhookEntity).find({ where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(workspaceId: string, id: string): Promise<WebhookEntity | null> {
    return this.db.getRepository(WebhookEntity).findOneBy({ workspaceId, id });
  }

  /** Active webhooks of these workspaces (the dispatcher's fan-out, asked for every relay batch). */
  async activeFor(workspaceIds: readonly string[]): Promise<WebhookEntity[]> {
    if (!workspaceIds.length) return [];
    return this.webhookRows.find(this.db.manager, 'webhooks_active_for', `WHERE w.active AND w.workspace_id = ANY($1::uuid[])`, [[...new Set(workspaceIds)]]);
  }

  /** Newest first, up to limit + 1 per webhook (one query for a whole page of webhooks). */
  async deliveries(workspaceId: string, webhookIds: readonly string[], limit: number, after: { at: Date; id: string } | null): Promise<WebhookDeliveryEntity[]> {
    if (!webhookIds.length) return [];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM (
         SELECT d.*, row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.at DESC, d.id DESC) AS rn
           FROM webhook_delivery d
          WHERE d.workspace_id = $1 AND d.webhook_id = ANY($2::uuid[])
            AND ($3::timestamptz IS NULL OR (d.at, d.id) < ($3::timestamptz, $4::uuid))
       ) x WHERE x.rn <= $5 ORDER BY x.webhook_id, x.at DESC, x.id DESC`,
      [workspaceId, webhookIds, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return rows.map((r) =>
      Object.assign(new WebhookDeliveryEntity(), {
        id: r.id, workspaceId: r.workspace_id, webhookId: r.webhook_id, outboxId: String(r.outbox_id), event: r.event,
        attempt: r.attempt, status: r.status, succeeded: r.succeeded, error: r.error, durationMs: r.duration_ms, at: r.at,
      }),
    );
  }

  /**
   * Logs one attempt and keeps the failure streak: a success resets it; a delivery that ends failed
   * extends it, and the webhook is switched off once the streak reaches the configured limit.
   */
  async recordAttempt(hook: WebhookEntity, outboxId: string, event: string, a: DeliveryAttempt): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(WebhookDeliveryEntity, {
        id: randomUUID(), workspaceId: hook.workspaceId, webhookId: hook.id, outboxId, event,
        attempt: a.attempt, status: a.status, succeeded: a.succeeded, error: a.error?.slice(0, 1000) ?? null, durationMs: a.durationMs,
        at: new Date(),
      });
      if (a.succeeded) {
        await tx.update(WebhookEntity, { id: hook.id, workspaceId: hook.workspaceId }, { consecutiveFailures: 0 });
      } else if (a.final) {
        const limit = this.config.webhooks.disableAfterFailures;
        await tx.query(
          `UPDATE webhook SET consecutive_failures = consecutive_failures + 1,
                  active = CASE WHEN consecutive_failures + 1 >= $3 THEN false ELSE active END,
                  disabled_at = CASE WHEN consecutive_failures + 1 >= $3 AND active THEN now() ELSE disabled_at END,
                  disabled_reason = CASE WHEN consecutive_failures + 1 >= $3 AND active THEN $4 ELSE disabled_reason END
            WHERE id = $1 AND workspace_id = $2`,
          [hook.id, hook.workspaceId, limit, `disabled after ${limit} consecutive failed deliveries`],
        );
      }
    });
  }
}
