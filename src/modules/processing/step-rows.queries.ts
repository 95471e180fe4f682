import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import type { ProcessingStepEntity, StepState } from './processing-step.entity';
import type { LockedAsset } from './step-handler';

/**
 * Locks the asset for the settle and reads the columns a client may change (LockedAsset).
 * NO KEY UPDATE serialises settles of one asset just as well, and (unlike FOR UPDATE) does not block
 * FK checks of rows pointing at the asset: probe may wait for the lineage lock while holding this,
 * and a parent-link writer holding that lock may need KEY SHARE on this asset as its new parent.
 * The same statement makes the transaction's commit asynchronous (no wait for the WAL flush, which
 * Postgres then does in batches): everything a settle writes can be recomputed, so a database crash
 * that loses the last fraction of a second of settles leaves those steps queued or running, and the
 * reconciler runs them again (docs/processing.md, "Durability").
 */
export async function lockAsset(tx: EntityManager, assetId: string): Promise<LockedAsset | null> {
  const [row] = await preparedQuery<LockedAsset>(
    tx,
    'pipeline.lock-asset',
    `SELECT generation, generation_sources AS "generationSources", parent_id AS "parentId", operation,
            set_config('synchronous_commit', 'off', true) AS async_commit
       FROM asset WHERE id = $1 FOR NO KEY UPDATE`,
    [assetId],
  );
  return row ?? null;
}

/** An asset's step rows, in raw SQL (it runs several times per job). */
export type StepRow = Pick<ProcessingStepEntity, 'assetId' | 'workspaceId' | 'step' | 'state' | 'run' | 'blobSha256' | 'producerVersion'>;

const STEP_COLUMNS = `asset_id AS "assetId", workspace_id AS "workspaceId", step, state, run, blob_sha256 AS "blobSha256", producer_version AS "producerVersion"`;

export function readStepRows(m: EntityManager, assetIds: string | string[]): Promise<StepRow[]> {
  return preparedQuery(m, 'pipeline.step-rows', `SELECT ${STEP_COLUMNS} FROM asset_processing_step WHERE asset_id = ANY($1::uuid[])`, [
    Array.isArray(assetIds) ? assetIds : [assetIds],
  ]);
}

/**
 * Starts steps: running, one more attempt, each guarded by its own run and (queued, running).
 * `$1` is the asset; the others are the placeholders of the steps, their runs and the time.
 */
function startSteps(steps: string, runs: string, now: string): string {
  return `UPDATE asset_processing_step s SET state = 'running', attempts = s.attempts + 1, started_at = ${now}, updated_at = ${now}
         FROM unnest(${steps}::text[], ${runs}::int[]) AS m(step, run)
        WHERE s.asset_id = $1 AND s.step = m.step AND s.run = m.run AND s.state IN ('queued', 'running')`;
}

/** Every step of a wave to running in one statement. */
export async function markRunning(m: EntityManager, assetId: string, rows: StepRow[]): Promise<void> {
  await preparedQuery(m, 'pipeline.mark-running', startSteps('$2', '$3', '$4'), [assetId, rows.map((r) => r.step), rows.map((r) => r.run), new Date()]);
}

/**
 * The state transitions of a settle/failure, each guarded by (run, state), and in the same
 * statement (so one round trip) every step row of the asset as it stands after them. Runs after
 * the asset lock, so the statement's snapshot already holds every earlier settle. `mine`: the
 * steps whose guard matched. `start`: the wave expected next, marked running (attempt counted)
 * by the same statement when every guard of this one matched; `started`: those it marked.
 */
export async function guardedUpdate(
  tx: EntityManager,
  rows: StepRow[],
  sets: { state: StepState; error: string | null; producerVersion?: string; finishedAt: Date | null; updatedAt: Date }[],
  start: StepRow[] = [],
): Promise<{ all: StepRow[]; mine: Set<string>; started: Set<string> }> {
  const result = await preparedQuery<StepRow & { mine: boolean; started: boolean }>(
    tx,
    'pipeline.guarded-update',
    `WITH u AS (
       UPDATE asset_processing_step s
          SET state = m.state, error = m.error, producer_version = COALESCE(m.version, s.producer_version), finished_at = m.finished_at, updated_at = $8
         FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS m(step, run, state, error, version, finished_at)
        WHERE s.asset_id = $1 AND s.step = m.step AND s.run = m.run AND s.state IN ('queued', 'running')
       RETURNING s.step, s.state, s.producer_version),
     r AS (
       ${startSteps('$9', '$10', '$8')}
          AND (SELECT count(*) FROM u) = cardinality($2::text[])
       RETURNING s.step)
     SELECT s.asset_id AS "assetId", s.workspace_id AS "workspaceId", s.step, s.run, s.blob_sha256 AS "blobSha256",
            CASE WHEN u.step IS NOT NULL THEN u.state WHEN r.step IS NOT NULL THEN 'running' ELSE s.state END AS state,
            CASE WHEN u.step IS NULL THEN s.producer_version ELSE u.producer_version END AS "producerVersion",
            u.step IS NOT NULL AS mine, r.step IS NOT NULL AS started
       FROM asset_processing_step s LEFT JOIN u ON u.step = s.step LEFT JOIN r ON r.step = s.step
      WHERE s.asset_id = $1`,
    [
      rows[0].assetId, rows.map((r) => r.step), rows.map((r) => r.run), sets.map((x) => x.state), sets.map((x) => x.error),
      sets.map((x) => x.producerVersion ?? null), sets.map((x) => x.finishedAt), sets[0].updatedAt,
      start.map((r) => r.step), start.map((r) => r.run),
    ],
  );
  return {
    all: result.map(({ mine: _mine, started: _started, ...r }) => r),
    mine: new Set(result.filter((r) => r.mine).map((r) => r.step)),
    started: new Set(result.filter((r) => r.started).map((r) => r.step)),
  };
}
