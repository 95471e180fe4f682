import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** Reachability of the configured search engine (the postgres engine lives in the main database). */
@Injectable()
export class SearchHealth {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, @InjectDataSource() private readonly db: DataSource) {}

  async ping(): Promise<void> {
    if (this.config.search.engine === 'postgres') {
      await this.db.query('SELECT 1');
      return;
    }
    const res = await fetch(`${this.config.search.meiliUrl}/health`);
    if (!res.ok) throw new Error(`meilisearch answered ${res.status}`);
  }
}
