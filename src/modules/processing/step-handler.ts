import type { EntityManager } from 'typeorm';
import type { AssetEntity } from '../assets/asset.entity';
import type { BlobEntity } from '../assets/blob.entity';

export interface StepContext {
  asset: AssetEntity;
  blob: BlobEntity;
  /** Local copy of the original, fetched once per job from storage. */
  localPath: () => Promise<string>;
}

export type StepOutcome =
  | { state: 'done'; producerVersion: string; apply?: (tx: EntityManager) => Promise<void>; summary?: Record<string, unknown> }
  | { state: 'skipped'; reason: string };

/** A pipeline step's work. `apply` runs in the transaction that marks the step done, so effects land once. */
export interface StepHandler {
  readonly name: string;
  run(ctx: StepContext): Promise<StepOutcome>;
}

/** A failure that retrying cannot fix (corrupt file, unsupported codec): fail the step at once with this reason. */
export class PermanentStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentStepError';
  }
}

export const STEP_HANDLERS = Symbol('STEP_HANDLERS');
