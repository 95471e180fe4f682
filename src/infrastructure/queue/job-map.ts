/**
 * The one typed job map: a job name fixes its payload type at compile time, and its queue.
 * Payloads carry ids, never entities.
 */
export const QUEUES = {
  processing: '{processing}',
  maintenance: '{maintenance}',
} as const;
export type QueueKey = keyof typeof QUEUES;

export interface JobMap {
  /** Run one pipeline step for one asset's blob. */
  'pipeline.step': { workspaceId: string; assetId: string; step: string; blobSha256: string; run: number };
  /** Find steps stuck in queued/running with no live job and enqueue them again. */
  'maintenance.reconcile': Record<string, never>;
}
export type JobName = keyof JobMap;

export const JOB_QUEUE: { [N in JobName]: QueueKey } = {
  'pipeline.step': 'processing',
  'maintenance.reconcile': 'maintenance',
};

/** Deterministic job id: the same step of the same blob (and run) is queued once. BullMQ forbids ':' in ids. */
export function pipelineJobId(p: JobMap['pipeline.step']): string {
  return [p.assetId, p.step, p.blobSha256, p.run].join('.');
}
