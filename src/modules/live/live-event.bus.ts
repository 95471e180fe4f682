import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AssetEventEntity } from '../assets/asset-event.entity';
import { EventStream } from './event-stream';
import { fromLiveMessage, liveChannel } from './live-event.message';

export interface LiveFilter {
  workspaceId: string;
  projectId: string | null;
}

/**
 * api role: one Redis subscriber connection per replica feeds every subscription on it. Events reach
 * all replicas through Redis, so a client sees changes made anywhere; filtering by workspace (from
 * the connection's key) and project happens here, before anything is queued for a client.
 */
@Injectable()
export class LiveEventBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveEventBus');
  private readonly streams = new Set<{ filter: LiveFilter; stream: EventStream<AssetEventEntity> }>();
  private redis: Redis | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    // ioredis re-subscribes by itself after a reconnect.
    this.redis = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
    this.redis.on('message', (_channel: string, raw: string) => this.dispatch(raw));
    await this.redis.subscribe(liveChannel(this.config.queuePrefix));
  }

  async onModuleDestroy(): Promise<void> {
    for (const s of [...this.streams]) await s.stream.return();
    await this.redis?.quit().catch(() => undefined);
    this.redis = null;
  }

  /** A stream of this workspace's events (optionally one project's); ends when the client unsubscribes. */
  subscribe(filter: LiveFilter): AsyncIterableIterator<AssetEventEntity> {
    const entry = { filter, stream: new EventStream<AssetEventEntity>(() => this.streams.delete(entry)) };
    this.streams.add(entry);
    return entry.stream;
  }

  /** Open subscriptions on this replica (health, tests). */
  get subscriberCount(): number {
    return this.streams.size;
  }

  private dispatch(raw: string): void {
    const parsed = fromLiveMessage(raw);
    if (!parsed) return;
    const { message, event } = parsed;
    for (const { filter, stream } of this.streams) {
      if (filter.workspaceId !== message.workspaceId) continue;
      if (filter.projectId && filter.projectId !== message.projectId) continue;
      stream.push(event);
    }
  }
}
