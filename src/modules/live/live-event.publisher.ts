import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OutboxConsumer } from '../../infrastructure/outbox/outbox-consumer';
import { OutboxRelay } from '../../infrastructure/outbox/outbox-relay.service';
import { OutboxEntity } from '../../infrastructure/outbox/outbox.entity';
import { liveChannel, toLiveMessage } from './live-event.message';
import { assetEventsForOutbox } from './outbox-asset-events.query';

/**
 * worker role: turns relayed outbox rows into the asset events they describe and publishes them on
 * Redis for every api replica. Topic-agnostic on purpose: any writer that appends an asset_event with
 * its outbox row (transitions, comments, processing, stacks …) is delivered without changes here.
 * At-least-once (a relay retry republishes); clients dedupe by event id.
 */
@Injectable()
export class LiveEventPublisher implements OutboxConsumer, OnModuleInit, OnModuleDestroy {
  readonly name = 'live-events';
  readonly topics = '*' as const;
  private redis: Redis | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined); // surfaced by publish() failing, which makes the relay retry
    this.relay.register(this);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
    this.redis = null;
  }

  async handle(messages: OutboxEntity[]): Promise<void> {
    const correlated = await assetEventsForOutbox(this.db.manager, messages.map((m) => m.id));
    const seen = new Set<string>();
    const channel = liveChannel(this.config.queuePrefix);
    // One round trip for the batch, in order; any failed publish fails the batch (the relay retries it).
    const batch = this.redis!.pipeline();
    for (const { event } of correlated) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      batch.publish(channel, JSON.stringify(toLiveMessage(event)));
    }
    if (!seen.size) return;
    for (const [err] of (await batch.exec()) ?? []) if (err) throw err;
  }
}
