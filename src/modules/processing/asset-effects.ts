import type { EntityManager } from 'typeorm';
import type { OutboxMessage } from '../../infrastructure/outbox/outbox.service';
import { AssetEntity } from '../assets/asset.entity';
import type { AssetColumns, LockedAsset, StepOutcome } from './step-handler';

/**
 * The effects of one settle, in step order. `write` columns are gathered and written in one
 * UPDATE, just before the next effect that may read them and at the end; every column is merged
 * into the job's copy of the asset at once; outbox messages are collected for completedRun.
 */
export class AssetEffects {
  readonly outbox: OutboxMessage[] = [];
  private pending: AssetColumns | null = null;

  constructor(private readonly tx: EntityManager, private readonly asset: AssetEntity) {}

  async apply(o: Extract<StepOutcome, { state: 'done' }>, current: LockedAsset | null): Promise<void> {
    this.write(o.write);
    if (!o.apply) return;
    await this.flush();
    const result = await o.apply(this.tx, current);
    this.write(result?.write);
    if (result?.outbox) this.outbox.push(...result.outbox);
  }

  private write(columns: AssetColumns | undefined): void {
    if (!columns) return;
    this.pending = { ...this.pending, ...columns };
    Object.assign(this.asset, columns);
  }

  async flush(): Promise<void> {
    if (!this.pending) return;
    const columns = this.pending;
    this.pending = null;
    await this.tx.update(AssetEntity, { id: this.asset.id, workspaceId: this.asset.workspaceId }, columns as never);
  }
}
