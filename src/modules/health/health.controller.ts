import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../infrastructure/queue/job-queue.service';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { Public } from '../auth/auth.decorators';
import { SearchHealth } from './search-health';

type Check = { ok: boolean; error?: string; ms: number };

async function check(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, ms: Date.now() - start };
  } catch (err) {
    return { ok: false, error: (err as Error).message, ms: Date.now() - start };
  } finally {
    clearTimeout(timer);
  }
}

@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly storage: StoragePort,
    private readonly search: SearchHealth,
  ) {}

  /** The process is up and serving. */
  @Public()
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Every dependency answers: Postgres, Redis, object storage, search engine. 503 otherwise. */
  @Public()
  @Get('ready')
  async ready() {
    const [postgres, redis, storage, search] = await Promise.all([
      check(() => this.db.query('SELECT 1')),
      check(() => this.jobs.queue('processing').count()),
      check(() => this.storage.ping()),
      check(() => this.search.ping()),
    ]);
    const checks = { postgres, redis, storage, search };
    const ok = Object.values(checks).every((c) => c.ok);
    if (!ok) throw new HttpException({ status: 'unavailable', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok', checks };
  }
}
