import type { EntityManager } from 'typeorm';
import type { AssetEntity } from '../assets/asset.entity';
import type { BlobEntity } from '../assets/blob.entity';
import type { OutboxMessage } from '../../infrastructure/outbox/outbox.service';

export interface StepContext {
  asset: AssetEntity;
  blob: BlobEntity;
  /** Local copy of the original, fetched once per job from storage. */
  localPath: () => Promise<string>;
  /** The bytes when the original fits in memory (IN_MEMORY_MAX_BYTES), else the local copy's path: for readers that take either. */
  source: () => Promise<Buffer | string>;
}

export type StepOutcome =
  | {
      state: 'done';
      producerVersion: string;
      /** Asset columns to write; the settle merges those of one wave's steps into one UPDATE. */
      write?: AssetColumns;
      /** Work in the settle transaction, after `write`s of the steps before it have landed. */
      apply?: (tx: EntityManager, current: LockedAsset | null) => Promise<EffectResult | void>;
      summary?: Record<string, unknown>;
    }
  | { state: 'skipped'; reason: string };

export interface EffectResult {
  /** Asset columns to write, merged into the settle's one UPDATE like the outcome's `write`. */
  write?: AssetColumns;
  /** Messages for the outbox: the settle writes them in one statement with the run's event. */
  outbox?: OutboxMessage[];
}

/**
 * Asset columns a step writes (pipeline-owned facts: dimensions, generation, renditions, pHash…),
 * known to the job so its copy of the asset follows them without a re-read: at once, for the
 * effects after it in the same transaction, and for later waves once it commits.
 */
export type AssetColumns = Partial<AssetEntity>;

/**
 * The asset columns a client may change while a job runs (generation, parent link), as read by the
 * settle transaction's lock on the asset: an effect merges with these, never with the job's copy.
 * null: the asset row is gone.
 */
export type LockedAsset = Pick<AssetEntity, 'generation' | 'generationSources' | 'parentId' | 'operation'>;

/** A pipeline step's work. `apply` runs in the transaction that marks the step done, so effects land once. */
export interface StepHandler {
  readonly name: string;
  /**
   * The step does all its work in its effect, inside the settle transaction, from the asset as the
   * effects before it in that transaction left it (index reads the committed rows; tag derives its
   * tags, unless a vision tagger has to be asked first). It then joins the wave of the steps it
   * waits for (pipeline.ts nextWave) instead of taking a wave, and a transaction, of its own.
   */
  readonly effectOnly?: boolean;
  run(ctx: StepContext): Promise<StepOutcome>;
}

/** Optional on either kind of handler: see WaveRules.runsAhead (pipeline.ts). */
export interface RunsAhead {
  /** For this asset, the step's work needs only its prerequisites' success, not their results. */
  runsAhead?(asset: AssetEntity): boolean;
}

/**
 * Several steps run by one job so they share expensive work (one decode of the pixels). Each
 * requested step gets its own outcome (or error): its own state row, its own transaction.
 */
export interface GroupStepHandler {
  readonly name: string;
  readonly group: true;
  runMany(ctx: StepContext, steps: string[]): Promise<Map<string, StepOutcome | Error>>;
}

export type UnitHandler = (StepHandler | GroupStepHandler) & RunsAhead;

/** A failure that retrying cannot fix (corrupt file, unsupported codec): fail the step at once with this reason. */
export class PermanentStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentStepError';
  }
}

export const STEP_HANDLERS = Symbol('STEP_HANDLERS');
