import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { JobMap } from '../../infrastructure/queue/job-map';
import { OutboxMessage, OutboxService } from '../../infrastructure/outbox/outbox.service';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { appendAssetEventWithOutbox } from '../assets/asset-event.writer';
import { AssetEntity } from '../assets/asset.entity';
import { AssetService } from '../assets/asset.service';
import { BlobEntity } from '../assets/blob.entity';
import { LocalCopy } from './local-copy';
import { allSettled, isPipelineJob, jobMembers, jobRun, nextWave, PipelineJob, planNext, stepDef, WaveRules } from './pipeline';
import { StepState } from './processing-step.entity';
import { ProcessingService } from './processing.service';
import { PermanentStepError, STEP_HANDLERS, StepOutcome, UnitHandler } from './step-handler';
import { AssetEffects } from './asset-effects';
import { guardedUpdate, lockAsset, markRunning, readStepRows, StepRow } from './step-rows.queries';
import { withTimeout } from './with-timeout';

export type PipelineJobRun = Job<JobMap['pipeline.job']>;
const ACTIVE: StepState[] = ['queued', 'running'];
type Outcomes = Map<string, StepOutcome | Error>;

/**
 * Runs one job of the processing queue: the job's ready steps, wave by wave in dependency order
 * (pipeline.ts), each wave settled in one transaction. Every state change is guarded by (run,
 * state), so a redelivered or superseded job changes nothing.
 */
@Injectable()
export class ProcessingRunner {
  private readonly logger = new Logger('Processing');
  private readonly handlers: Map<string, UnitHandler>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StoragePort,
    private readonly processing: ProcessingService,
    private readonly assets: AssetService,
    private readonly outbox: OutboxService,
    @Inject(STEP_HANDLERS) handlers: UnitHandler[],
  ) {
    this.handlers = new Map(handlers.map((h) => [h.name, h]));
  }

  /** How this asset's steps may share waves, from their handlers. */
  private waveRules(asset: AssetEntity | null): WaveRules {
    const handler = (step: string) => this.handlers.get(stepDef(step).handler);
    return {
      effectOnly: (step) => {
        const h = handler(step);
        return !!h && 'effectOnly' in h && h.effectOnly === true;
      },
      runsAhead: (step) => !!asset && handler(step)?.runsAhead?.(asset) === true,
    };
  }

  async process(job: PipelineJobRun): Promise<void> {
    const { workspaceId, assetId, job: name } = job.data;
    if (!isPipelineJob(name)) throw new UnrecoverableError(`unknown pipeline job "${name}"`);
    let [rows, asset, blob] = await this.load(assetId, workspaceId);
    // A reprocess superseded this job (new run): its successor does the work.
    if (jobRun(name, rows) !== job.data.run) return;
    const members = jobMembers(name);
    if (!asset || !blob || asset.deletedAt) {
      for (const r of rows.filter((x) => members.includes(x.step) && ACTIVE.includes(x.state))) {
        await this.settle([r], [{ state: 'skipped', reason: 'asset no longer exists' }], asset);
      }
      return;
    }
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const copy = new LocalCopy(this.storage, blob.storageKey, blob.size);
    let retry: Error | null = null;
    const rules = this.waveRules(asset);
    // Steps the previous wave's settle already marked running (the wave it expected next).
    let started = new Set<string>();
    try {
      // Each wave settles at least one member, so there are at most as many waves as members.
      for (let n = 0; n < members.length && jobRun(name, rows) === job.data.run; n++) {
        const plan = planNext(rows, ACTIVE);
        const next = nextWave(plan, rows, name, ACTIVE, rules);
        rows = await this.processing.applySkips(rows, plan.skip);
        const wave = next.steps.map((s) => rows.find((r) => r.step === s)!);
        if (!wave.length) break;
        const unmarked = wave.filter((r) => !started.has(r.step));
        if (unmarked.length) await markRunning(this.db.manager, assetId, unmarked);
        const outcomes = await this.runWave(wave, asset, blob, copy);
        const settled = await this.settleWave(wave, outcomes, asset, finalAttempt, next, rows, name, rules);
        started = settled.started;
        rows = settled.rows ?? (await readStepRows(this.db.manager, assetId));
        // A transient failure: BullMQ retries this job with backoff (settled members are no-ops then).
        if ((retry = settled.retry)) break;
      }
    } finally {
      await copy.dispose();
    }
    // Follow-ups go to the front of the queue: an asset already started is finished first.
    await this.processing.enqueueFromRows(rows, { followUp: true });
    if (retry) throw retry;
  }

  /** Step rows, and the asset with its blob (one statement), in parallel. */
  private async load(assetId: string, workspaceId: string): Promise<[StepRow[], AssetEntity | null, BlobEntity | null]> {
    const [rows, found] = await Promise.all([readStepRows(this.db.manager, assetId), this.assets.withBlob(workspaceId, assetId)]);
    return [rows, found?.asset ?? null, found?.blob ?? null];
  }

  /** Runs the wave's steps; steps sharing a handler (one decode) run in one call. */
  private async runWave(wave: StepRow[], asset: AssetEntity, blob: BlobEntity, copy: LocalCopy): Promise<Outcomes> {
    const outcomes: Outcomes = new Map();
    const byHandler = new Map<string, string[]>();
    for (const { step } of wave) {
      const def = stepDef(step);
      if (!def.kinds.includes(asset.kind)) outcomes.set(step, { state: 'skipped', reason: `not applicable to ${asset.kind}` });
      else byHandler.set(def.handler, [...(byHandler.get(def.handler) ?? []), step]);
    }
    const ctx = { asset, blob, localPath: () => copy.get(), source: () => copy.source() };
    await Promise.all(
      [...byHandler].map(async ([name, steps]) => {
        const handler = this.handlers.get(name);
        if (!handler) for (const s of steps) outcomes.set(s, new PermanentStepError(`no handler registered for "${name}"`));
        else if ('group' in handler) for (const [s, o] of await handler.runMany(ctx, steps)) outcomes.set(s, o);
        else for (const s of steps) outcomes.set(s, await withTimeout(handler.run(ctx), stepDef(s).timeoutMs, s).catch((e: Error) => e));
      }),
    );
    return outcomes;
  }

  /**
   * Settles a wave. All succeeded: one transaction for the whole wave, which also starts the wave
   * expected next. Otherwise, or when applying an effect fails, step by step, so one step's failure
   * never takes the others' results with it; then `joined` (effect-only) steps, and `ahead` steps
   * whose prerequisite did not land, are left running for the next wave, which runs or skips them.
   * Returns the asset's step rows as the last settle saw them under the asset lock (null: unknown).
   */
  private async settleWave(
    wave: StepRow[], outcomes: Outcomes, asset: AssetEntity, finalAttempt: boolean, shape: { joined: string[]; ahead: string[] },
    rows: StepRow[], job: PipelineJob, rules: WaveRules,
  ): Promise<{ rows: StepRow[] | null; retry: Error | null; started: Set<string> }> {
    const results = wave.map((r) => outcomes.get(r.step) ?? new Error(`step ${r.step} produced no outcome`));
    if (!results.some((o) => o instanceof Error)) {
      // The wave that follows if this one settles as its outcomes say: marked running by the same statement.
      const after = rows.map((r) => {
        const i = wave.findIndex((w) => w.step === r.step);
        return i < 0 ? r : { ...r, state: (results[i] as StepOutcome).state };
      });
      const upcoming = nextWave(planNext(after, ACTIVE), after, job, ACTIVE, rules).steps.map((s) => after.find((r) => r.step === s)!);
      const settled = await this.settle(wave, results as StepOutcome[], asset, upcoming).catch(() => undefined);
      if (settled !== undefined) return { rows: settled?.all ?? null, retry: null, started: settled?.started ?? new Set() };
    }
    let retry: Error | null = null;
    let last: StepRow[] | null = null;
    const landed = new Set<string>();
    const inWave = wave.map((w) => w.step);
    for (const [i, r] of wave.entries()) {
      if (shape.joined.includes(r.step)) continue;
      // Ran ahead of a prerequisite that did not land: the next wave skips it (or, after a retry, runs it again).
      if (shape.ahead.includes(r.step) && stepDef(r.step).after.some((d) => inWave.includes(d) && !landed.has(d))) continue;
      const outcome = results[i];
      if (outcome instanceof Error) {
        const final = outcome instanceof PermanentStepError || finalAttempt;
        last = await this.recordFailure(r, asset, outcome, final);
        if (!final) retry ??= outcome;
      } else {
        // If applying the effects fails (a constraint, a bad value), the step fails with that reason rather than staying 'running'.
        last = await this.settle([r], [outcome], asset).then(
          (settled) => {
            if (settled) landed.add(r.step);
            return settled?.all ?? null;
          },
          async (err: Error) => {
            const after = await this.recordFailure(r, asset, err, finalAttempt);
            if (!finalAttempt) retry ??= err;
            return after;
          },
        );
      }
    }
    return { rows: last, retry, started: new Set() };
  }

  /**
   * Marks the steps done/skipped and applies their effects in one transaction, guarded by run and
   * state. Returns the asset's step rows as seen in that transaction (null when no guard matched or the asset is gone).
   * Each effect's asset columns are merged into `asset`, the job's copy, as it returns: the effects
   * after it (an effect-only step joined to the wave) and later waves see them without a re-read.
   * If the transaction rolls back, the copy is restored.
   */
  private async settle(
    steps: StepRow[], outcomes: StepOutcome[], asset: AssetEntity | null, start: StepRow[] = [],
  ): Promise<{ all: StepRow[]; started: Set<string> } | null> {
    const before = asset ? { ...asset } : null;
    try {
      return await this.db.transaction(async (tx) => {
        const current = asset ? await lockAsset(tx, asset.id) : null;
        const now = new Date();
        const { all, mine, started } = await guardedUpdate(
          tx,
          steps,
          outcomes.map((o) => (o.state === 'done'
            ? { state: 'done', error: null, producerVersion: o.producerVersion, finishedAt: now, updatedAt: now }
            : { state: 'skipped', error: o.reason, finishedAt: now, updatedAt: now })),
          start,
        );
        if (!mine.size || !asset) return null;
        const effects = new AssetEffects(tx, asset);
        for (const [i, o] of outcomes.entries()) {
          if (o.state === 'done' && mine.has(steps[i].step)) await effects.apply(o, current);
        }
        await effects.flush();
        await this.completedRun(tx, asset, all, effects.outbox);
        return { all, started };
      });
    } catch (err) {
      if (asset && before) Object.assign(asset, before);
      throw err;
    }
  }

  private async recordFailure(row: StepRow, asset: AssetEntity, err: Error, final: boolean): Promise<StepRow[] | null> {
    const reason = err.message.slice(0, 2000);
    const all = await this.db.transaction(async (tx) => {
      await lockAsset(tx, asset.id);
      const now = new Date();
      const after = await guardedUpdate(tx, [row], [{ state: final ? 'failed' : 'queued', error: reason, finishedAt: final ? now : null, updatedAt: now }]);
      if (!after.mine.size) return null;
      if (!final) return after.all;
      const { workspaceId, projectId, id: assetId } = asset;
      await appendAssetEventWithOutbox(
        tx,
        { workspaceId, projectId, assetId, type: 'PROCESSING_FAILED', actorId: null, data: { step: row.step, reason, run: row.run } },
        [{ workspaceId, topic: 'asset.processing_failed', aggregateId: assetId, payload: { step: row.step, reason } }],
      );
      await this.completedRun(tx, asset, after.all, []);
      return after.all;
    });
    if (final) this.logger.warn(`step ${row.step} failed for asset ${asset.id}: ${reason}`);
    return all;
  }

  /**
   * The effects' outbox messages, and one PROCESSED event (with its message) when the last step of
   * a run settles, in one statement. The asset row lock serialises this per asset.
   */
  private async completedRun(tx: EntityManager, asset: AssetEntity, all: StepRow[], messages: OutboxMessage[]): Promise<void> {
    if (!allSettled(all)) {
      await this.outbox.write(tx, messages);
      return;
    }
    const failed = all.filter((s) => s.state === 'failed').map((s) => s.step);
    await appendAssetEventWithOutbox(
      tx,
      {
        workspaceId: asset.workspaceId, projectId: asset.projectId, assetId: asset.id, type: 'PROCESSED', actorId: null,
        data: {
          steps: Object.fromEntries(all.map((s) => [s.step, s.state])),
          versions: Object.fromEntries(all.filter((s) => s.producerVersion).map((s) => [s.step, s.producerVersion])),
          runs: Object.fromEntries(all.map((s) => [s.step, s.run])),
          failed,
        },
      },
      [...messages, { workspaceId: asset.workspaceId, topic: 'asset.processed', aggregateId: asset.id, payload: { failed } }],
    );
  }
}
