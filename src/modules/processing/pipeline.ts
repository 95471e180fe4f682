import type { AssetKind } from '../assets/asset.enums';

/**
 * The processing pipeline, declared in one table. A step runs once every step it waits for
 * has finished (done or skipped). Each step is one idempotent job keyed by asset, step, blob hash and run.
 */
export interface PipelineStepDef {
  name: string;
  after: string[];
  /** Kinds the step applies to; others get 'skipped'. */
  kinds: AssetKind[];
  timeoutMs: number;
}

export const PIPELINE: readonly PipelineStepDef[] = [
  { name: 'probe', after: [], kinds: ['image', 'video'] as AssetKind[], timeoutMs: 60_000 },
];

export const STEP_NAMES = PIPELINE.map((s) => s.name);

export function stepDef(name: string): PipelineStepDef {
  const def = PIPELINE.find((s) => s.name === name);
  if (!def) throw new Error(`unknown pipeline step "${name}"`);
  return def;
}

/** Steps whose prerequisites are all complete, given the set of completed step names. */
export function readySteps(completed: ReadonlySet<string>, pending: ReadonlySet<string>): string[] {
  return PIPELINE.filter((s) => pending.has(s.name) && s.after.every((a) => completed.has(a))).map((s) => s.name);
}
