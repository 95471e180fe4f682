import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { badUserInput } from '../../common/errors/app-errors';
import { SearchEngineName } from '../../config/app-config';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import type { SearchDocument } from '../../infrastructure/search/search-engine.port';
import type { Principal } from '../auth/principal';
import { SearchDocumentBuilder } from './search-document.builder';
import { SearchEngines } from './search-engines';
import { SearchJobEntity } from './search-job.entity';

export const REINDEX_BATCH = 2000;

/**
 * reindex: a job that rebuilds an engine's index from Postgres. The index is per deployment, so
 * the rebuild covers every workspace; the job row belongs to the workspace that asked for it.
 */
@Injectable()
export class ReindexService {
  private readonly logger = new Logger('Reindex');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly engines: SearchEngines,
    private readonly builder: SearchDocumentBuilder,
  ) {}

  async start(me: Principal, engine: SearchEngineName): Promise<SearchJobEntity> {
    if (!this.engines.available(engine)) throw badUserInput(`search engine ${engine} is not configured (set MEILI_URL)`, { field: 'engine' });
    const job = this.db.getRepository(SearchJobEntity).create({
      id: randomUUID(), workspaceId: me.workspaceId, name: 'search.reindex', engine, state: 'queued', progress: 0,
    });
    await this.db.getRepository(SearchJobEntity).insert(job);
    await this.queue.add('search.reindex', { jobId: job.id, engine }, { jobId: `reindex.${job.id}`, attempts: 1 });
    return (await this.find(me.workspaceId, job.id))!;
  }

  find(workspaceId: string, id: string): Promise<SearchJobEntity | null> {
    return this.db.getRepository(SearchJobEntity).findOneBy({ workspaceId, id });
  }

  /** Runs the rebuild (worker side); the job row carries state and progress. */
  async run(jobId: string, engineName: SearchEngineName): Promise<void> {
    const jobs = this.db.getRepository(SearchJobEntity);
    const job = await jobs.findOneBy({ id: jobId });
    if (!job || job.state === 'completed') return;
    const total = await this.builder.countLive();
    await jobs.update({ id: jobId }, { state: 'running', startedAt: new Date(), total, processed: 0, progress: 0, error: null });
    try {
      await this.rebuild(engineName, async (done) => {
        await jobs.update({ id: jobId }, { processed: done, progress: total ? Math.min(1, done / total) : 1 });
      });
      await jobs.update({ id: jobId }, { state: 'completed', progress: 1, finishedAt: new Date() });
    } catch (err) {
      this.logger.error(`reindex ${jobId} failed: ${(err as Error).message}`);
      await jobs.update({ id: jobId }, { state: 'failed', finishedAt: new Date(), error: (err as Error).message.slice(0, 1000) });
    }
  }

  /** The rebuild itself (also used by the benchmark and the CLI). */
  async rebuild(engineName: SearchEngineName, progress: (done: number) => Promise<void> | void): Promise<void> {
    const builder = this.builder;
    async function* batches(): AsyncGenerator<SearchDocument[]> {
      for await (const ids of builder.allIds(REINDEX_BATCH)) yield [...(await builder.build(ids)).values()];
    }
    await this.engines.get(engineName).rebuild(batches(), progress);
  }
}
