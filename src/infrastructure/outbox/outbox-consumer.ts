import type { OutboxEntity } from './outbox.entity';

/**
 * Something the relay delivers outbox rows to (search indexer, webhooks, live subscriptions).
 * Delivery is at-least-once: a batch is redelivered to every consumer if any of them fails,
 * so handlers must be idempotent (e.g. enqueue jobs with deterministic ids, re-read current state).
 */
export interface OutboxConsumer {
  readonly name: string;
  /** Topics this consumer wants; '*' for all. */
  readonly topics: readonly string[] | '*';
  handle(messages: OutboxEntity[]): Promise<void>;
}
