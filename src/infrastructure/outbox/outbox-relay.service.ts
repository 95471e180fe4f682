import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EntityRows } from '../database/entity-rows';
import { preparedQuery } from '../database/prepared-query';
import { OutboxConsumer } from './outbox-consumer';
import { OutboxEntity } from './outbox.entity';

const BATCH = 500;
/**
 * Pause between claims unless the last one was full. Each claim costs a dozen statements (claim,
 * every consumer's reads and writes, mark dispatched) whatever its size, so while the pipeline
 * writes a few rows a second, waiting gathers them into one batch instead of one each; it bounds
 * how long a change takes to reach the index and webhooks.
 */
const POLL_MS = 250;
const MAX_BACKOFF_MS = 30_000;

/**
 * Drains the outbox into its consumers: claims a batch with FOR UPDATE SKIP LOCKED (so several
 * workers share the work without double delivery of one batch), hands it to every interested
 * consumer, and marks it dispatched in the same transaction. A consumer failure leaves the rows
 * pending and backs off; nothing is lost while a downstream system is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private readonly consumers: OutboxConsumer[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;
  /** Set by the module: only worker-role processes run the loop. */
  autoStart = false;

  private readonly rows: EntityRows<OutboxEntity>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.rows = new EntityRows(db, OutboxEntity, 'o');
  }

  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  onApplicationBootstrap(): void {
    if (this.autoStart) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Processes batches until the outbox is empty (tests, benchmarks, reindex). Returns rows dispatched. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = POLL_MS;
      try {
        const n = await this.relayBatch();
        this.failures = 0;
        if (n === BATCH) continue;
      } catch (err) {
        this.failures++;
        delay = Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** this.failures);
        this.logger.warn(`relay failed (${this.failures} in a row), retrying in ${delay} ms: ${(err as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async relayBatch(): Promise<number> {
    let failure: Error | null = null;
    const count = await this.db.transaction(async (tx) => {
      // The oldest pending rows no other relay holds (several workers may run this loop).
      const rows = await this.rows.find(tx, 'outbox_claim', `WHERE o.dispatched_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE SKIP LOCKED`, [BATCH]);
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      try {
        for (const consumer of this.consumers) {
          const mine = consumer.topics === '*' ? rows : rows.filter((r) => consumer.topics.includes(r.topic));
          if (mine.length) await consumer.handle(mine);
        }
      } catch (err) {
        // Keep the rows pending, with the reason; the loop backs off and retries them.
        failure = err as Error;
        await tx
          .createQueryBuilder()
          .update(OutboxEntity)
          .set({ attempts: () => 'attempts + 1', lastError: failure.message.slice(0, 1000) })
          .whereInIds(ids)
          .execute();
        return 0;
      }
      await preparedQuery(tx, 'outbox_dispatched', `UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      return rows.length;
    });
    if (failure) throw failure;
    return count;
  }
}
