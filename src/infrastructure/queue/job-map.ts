/**
 * The one typed job map: a job name fixes its payload type at compile time, and its queue.
 * Payloads carry ids, never entities.
 */
export const QUEUES = {
  processing: '{processing}',
  maintenance: '{maintenance}',
  webhooks: '{webhooks}',
  search: '{search}',
} as const;
export type QueueKey = keyof typeof QUEUES;

export interface JobMap {
  /** Run one pipeline job (its ready steps, wave by wave) for one asset's blob; `job` names it in the pipeline table. */
  'pipeline.job': { workspaceId: string; assetId: string; job: string; blobSha256: string; run: number };
  /** Find steps stuck in queued/running with no live job and enqueue them again. */
  'maintenance.reconcile': Record<string, never>;
  /** POST one outbox event to one webhook (signed; retried with backoff; every attempt logged). */
  'webhook.deliver': { workspaceId: string; webhookId: string; outboxId: string };
  /** Rebuild a search engine's index from Postgres (search_job row `jobId` tracks progress). */
  'search.reindex': { jobId: string; engine: 'postgres' | 'meilisearch' };
}
export type JobName = keyof JobMap;

export const JOB_QUEUE: { [N in JobName]: QueueKey } = {
  'pipeline.job': 'processing',
  'maintenance.reconcile': 'maintenance',
  'webhook.deliver': 'webhooks',
  'search.reindex': 'search',
};

/** Deterministic job id: the same pipeline job of the same blob (and run) is queued once. BullMQ forbids ':' in ids. */
export function pipelineJobId(p: JobMap['pipeline.job']): string {
  return [p.assetId, p.job, p.blobSha256, p.run].join('.');
}

/** One delivery per (webhook, outbox row): a relay retry of the same batch enqueues nothing new. */
export function webhookJobId(p: JobMap['webhook.deliver']): string {
  return ['webhook', p.webhookId, p.outboxId].join('.');
}
