import { AssetKind } from '../assets/asset.enums';
import type { StepState } from './processing-step.entity';

/**
 * The processing pipeline, declared in one table. A step runs once every step in `after` is
 * done or skipped (a failure there skips it) and every step in `afterSettled` has finished in
 * any way (its failure does not block: an asset whose thumbnails failed is still tagged and indexed).
 *
 * `job` names the BullMQ job that carries the step: today one job, `asset`, carries them all, so an
 * asset is loaded and scheduled once. A job runs its ready steps in waves, in dependency order,
 * each wave settled in one transaction (nextWave): for an image one wave, the pixel steps running
 * ahead beside probe and tag and index joined; for a video probe, then the rest. Steps sharing a
 * `handler` run in one call so they share one decode of the pixels. Every step keeps its own state
 * row, run counter, producer version and failure; retries and reprocessing are per step.
 */
export interface PipelineStepDef {
  name: string;
  after: string[];
  afterSettled: string[];
  job: PipelineJob;
  handler: string;
  /** Kinds the step applies to; others get 'skipped'. */
  kinds: AssetKind[];
  timeoutMs: number;
}

export type PipelineJob = 'asset';

const MEDIA = [AssetKind.IMAGE, AssetKind.VIDEO];

export const PIPELINE: readonly PipelineStepDef[] = [
  { name: 'probe', after: [], afterSettled: [], job: 'asset', handler: 'probe', kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'render', after: ['probe'], afterSettled: [], job: 'asset', handler: 'pixels', kinds: MEDIA, timeoutMs: 120_000 },
  { name: 'fingerprint', after: ['probe'], afterSettled: [], job: 'asset', handler: 'pixels', kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'embed', after: ['probe'], afterSettled: [], job: 'asset', handler: 'pixels', kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'tag', after: ['probe'], afterSettled: ['render', 'fingerprint'], job: 'asset', handler: 'tag', kinds: MEDIA, timeoutMs: 60_000 },
  {
    name: 'index', after: [], afterSettled: ['probe', 'render', 'fingerprint', 'embed', 'tag'], job: 'asset', handler: 'index',
    kinds: [AssetKind.IMAGE, AssetKind.VIDEO, AssetKind.OTHER], timeoutMs: 30_000,
  },
];

export const STEP_NAMES = PIPELINE.map((s) => s.name);
export const PIPELINE_JOBS: readonly PipelineJob[] = [...new Set(PIPELINE.map((s) => s.job))];

export function stepDef(name: string): PipelineStepDef {
  const def = PIPELINE.find((s) => s.name === name);
  if (!def) throw new Error(`unknown pipeline step "${name}"`);
  return def;
}

export function isPipelineJob(name: string): name is PipelineJob {
  return (PIPELINE_JOBS as readonly string[]).includes(name);
}

export function jobMembers(job: PipelineJob): string[] {
  return PIPELINE.filter((s) => s.job === job).map((s) => s.name);
}

/**
 * The run signature of a job's id: the sum of its members' run counters. Runs only grow, so
 * any reprocess of any member gives a new sum, hence a new job id (BullMQ dedups by id).
 */
export function jobRun(job: PipelineJob, steps: readonly { step: string; run: number }[]): number {
  const members = jobMembers(job);
  return steps.filter((s) => members.includes(s.step)).reduce((sum, s) => sum + s.run, 0);
}

/** Every step downstream of the given ones (transitively), the given ones included, in pipeline order. */
export function withDependents(steps: readonly string[]): string[] {
  const out = new Set(steps);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of PIPELINE) {
      if (!out.has(s.name) && [...s.after, ...s.afterSettled].some((d) => out.has(d))) {
        out.add(s.name);
        grew = true;
      }
    }
  }
  return STEP_NAMES.filter((n) => out.has(n));
}

export interface StepRowView {
  step: string;
  state: StepState;
  run: number;
}

export interface PipelinePlan {
  /** Steps whose prerequisites are settled and that may run now, in pipeline order. */
  ready: string[];
  /** Jobs to enqueue now: every job with a ready step, with its run signature. */
  jobs: { job: PipelineJob; run: number }[];
  /** Queued steps that can never run because a hard prerequisite failed. */
  skip: { step: string; reason: string }[];
}

const COMPLETE: StepState[] = ['done', 'skipped'];
const SETTLED: StepState[] = ['done', 'skipped', 'failed'];

/**
 * What to do next for one asset's step rows. Pure: callers apply it. `runnable` are the states a
 * ready step may be in: 'queued' when planning, plus 'running' inside a job (a redelivered job
 * picks up the steps its crashed predecessor had started).
 */
export function planNext(rows: readonly StepRowView[], runnable: readonly StepState[] = ['queued']): PipelinePlan {
  const state = new Map(rows.map((r) => [r.step, r.state]));
  const skip: PipelinePlan['skip'] = [];
  // Skipping can settle steps others wait for, so repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of PIPELINE) {
      if (!runnable.includes(state.get(def.name)!)) continue;
      const blocker = def.after.find((d) => state.get(d) === 'failed' || (state.get(d) === 'skipped' && skip.some((s) => s.step === d)));
      if (blocker) {
        const failed = state.get(blocker) === 'failed';
        skip.push({ step: def.name, reason: failed ? `prerequisite ${blocker} failed` : `prerequisite ${blocker} was skipped` });
        state.set(def.name, 'skipped');
        changed = true;
      }
    }
  }
  const ready = PIPELINE.filter((def) => {
    if (!runnable.includes(state.get(def.name)!)) return false;
    const hard = def.after.every((d) => !state.has(d) || COMPLETE.includes(state.get(d)!));
    const soft = def.afterSettled.every((d) => !state.has(d) || SETTLED.includes(state.get(d)!));
    return hard && soft;
  }).map((d) => d.name);
  const jobs = PIPELINE_JOBS.filter((job) => ready.some((s) => stepDef(s).job === job)).map((job) => ({ job, run: jobRun(job, rows) }));
  return { ready, jobs, skip };
}

/** What the handlers say about their steps (step-handler.ts), for building waves. */
export interface WaveRules {
  /** All the step's work happens in its effect: it joins the wave of the steps it waits for and settles after them. */
  effectOnly: (step: string) => boolean;
  /**
   * The step's work needs only its prerequisites' success, not their results: it may run beside
   * them in one wave, and its outcome counts only if they land.
   */
  runsAhead: (step: string) => boolean;
}

/**
 * The next wave of one job: its ready steps; then, in pipeline order, steps whose unsettled
 * prerequisites are all in the wave: effect-only ones (`joined`: they settle after those in the
 * same transaction) and ones that may run ahead of their prerequisites (`ahead`). If a wave does not
 * settle in one transaction, joined steps and ahead steps whose prerequisites did not land stay for
 * the next wave (which runs or skips them).
 */
export function nextWave(
  plan: PipelinePlan, rows: readonly StepRowView[], job: PipelineJob, runnable: readonly StepState[], rules: WaveRules,
): { steps: string[]; joined: string[]; ahead: string[] } {
  const ready = plan.ready.filter((s) => stepDef(s).job === job);
  if (!ready.length) return { steps: ready, joined: [], ahead: [] };
  const state = new Map(rows.map((r) => [r.step, r.state]));
  for (const s of plan.skip) state.set(s.step, 'skipped');
  const joined: string[] = [];
  const ahead: string[] = [];
  const inWave = (d: string) => ready.includes(d) || joined.includes(d) || ahead.includes(d);
  // Pipeline order: a step can follow one added before it (index behind tag).
  for (const def of PIPELINE) {
    if (def.job !== job || inWave(def.name) || !runnable.includes(state.get(def.name)!)) continue;
    const joins = rules.effectOnly(def.name);
    if (!joins && !rules.runsAhead(def.name)) continue;
    const hard = def.after.every((d) => !state.has(d) || COMPLETE.includes(state.get(d)!) || inWave(d));
    const soft = def.afterSettled.every((d) => !state.has(d) || SETTLED.includes(state.get(d)!) || inWave(d));
    if (hard && soft) (joins ? joined : ahead).push(def.name);
  }
  return { steps: STEP_NAMES.filter((n) => inWave(n)), joined, ahead };
}

/** The overall state of an asset's processing, from its steps. */
export function overallState(steps: readonly { state: StepState }[]): StepState {
  if (steps.some((s) => s.state === 'failed')) return 'failed';
  if (steps.some((s) => s.state === 'running')) return 'running';
  if (steps.some((s) => s.state === 'queued')) return 'queued';
  if (steps.length && steps.every((s) => s.state === 'skipped')) return 'skipped';
  return 'done';
}

export function allSettled(steps: readonly { state: StepState }[]): boolean {
  return steps.every((s) => SETTLED.includes(s.state));
}
