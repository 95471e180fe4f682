import { AssetKind } from '../assets/asset.enums';
import type { StepState } from './processing-step.entity';

/**
 * The processing pipeline, declared in one table. A step runs once every step in `after` is
 * done or skipped (a failure there skips it) and every step in `afterSettled` has finished in
 * any way (its failure does not block: an asset whose thumbnails failed is still tagged and indexed).
 * Steps sharing a `group` run in one job so they share one decode of the pixels; each keeps its own
 * state row, run counter and producer version.
 */
export interface PipelineStepDef {
  name: string;
  after: string[];
  afterSettled: string[];
  group?: string;
  /** Kinds the step applies to; others get 'skipped'. */
  kinds: AssetKind[];
  timeoutMs: number;
}

const MEDIA = [AssetKind.IMAGE, AssetKind.VIDEO];

export const PIPELINE: readonly PipelineStepDef[] = [
  { name: 'probe', after: [], afterSettled: [], kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'render', after: ['probe'], afterSettled: [], group: 'pixels', kinds: MEDIA, timeoutMs: 120_000 },
  { name: 'fingerprint', after: ['probe'], afterSettled: [], group: 'pixels', kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'embed', after: ['probe'], afterSettled: [], group: 'pixels', kinds: MEDIA, timeoutMs: 60_000 },
  { name: 'tag', after: ['probe'], afterSettled: ['render', 'fingerprint'], kinds: MEDIA, timeoutMs: 60_000 },
  {
    name: 'index', after: [], afterSettled: ['probe', 'render', 'fingerprint', 'embed', 'tag'],
    kinds: [AssetKind.IMAGE, AssetKind.VIDEO, AssetKind.OTHER], timeoutMs: 30_000,
  },
];

export const STEP_NAMES = PIPELINE.map((s) => s.name);

export function stepDef(name: string): PipelineStepDef {
  const def = PIPELINE.find((s) => s.name === name);
  if (!def) throw new Error(`unknown pipeline step "${name}"`);
  return def;
}

/** A job's unit of work: a group name (its members) or a single step name. */
export function unitMembers(unit: string): string[] {
  const grouped = PIPELINE.filter((s) => s.group === unit).map((s) => s.name);
  return grouped.length ? grouped : [stepDef(unit).name];
}

export function unitOf(step: string): string {
  return stepDef(step).group ?? step;
}

/**
 * The run signature of a unit's job id: the sum of its members' run counters. Runs only grow, so
 * any reprocess of any member gives a new sum, hence a new job id (BullMQ dedups by id).
 */
export function unitRun(unit: string, steps: readonly { step: string; run: number }[]): number {
  const members = unitMembers(unit);
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
  /** Units to enqueue now, with the members that are ready. */
  enqueue: { unit: string; members: string[]; run: number }[];
  /** Queued steps that can never run because a hard prerequisite failed. */
  skip: { step: string; reason: string }[];
}

const COMPLETE: StepState[] = ['done', 'skipped'];
const SETTLED: StepState[] = ['done', 'skipped', 'failed'];

/** What to do next for one asset's step rows. Pure: the service applies it. */
export function planNext(rows: readonly StepRowView[]): PipelinePlan {
  const state = new Map(rows.map((r) => [r.step, r.state]));
  const skip: PipelinePlan['skip'] = [];
  // Skipping can settle steps others wait for, so repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of PIPELINE) {
      if (state.get(def.name) !== 'queued') continue;
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
    if (state.get(def.name) !== 'queued') return false;
    const hard = def.after.every((d) => !state.has(d) || COMPLETE.includes(state.get(d)!));
    const soft = def.afterSettled.every((d) => !state.has(d) || SETTLED.includes(state.get(d)!));
    return hard && soft;
  }).map((d) => d.name);
  const units = new Map<string, string[]>();
  for (const name of ready) units.set(unitOf(name), [...(units.get(unitOf(name)) ?? []), name]);
  const enqueue = [...units.entries()].map(([unit, members]) => ({ unit, members, run: unitRun(unit, rows) }));
  return { enqueue, skip };
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
