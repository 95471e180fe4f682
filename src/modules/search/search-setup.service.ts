import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SearchEngines } from './search-engines';

/**
 * Applies the engine's settings at boot (idempotent: unchanged settings are not re-sent). An
 * unreachable engine does not stop the app: setup retries with backoff in the background, and
 * the outbox keeps index updates pending meanwhile.
 */
@Injectable()
export class SearchSetup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SearchSetup');
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly engines: SearchEngines) {}

  onApplicationBootstrap(): void {
    void this.attempt(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async attempt(n: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.engines.active.setup();
    } catch (err) {
      const delay = Math.min(60_000, 1000 * 2 ** n);
      this.logger.warn(`search setup failed (${(err as Error).message}); retrying in ${delay} ms`);
      this.timer = setTimeout(() => void this.attempt(n + 1), delay);
      this.timer.unref();
    }
  }
}
