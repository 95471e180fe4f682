import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, SearchEngineName } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MeilisearchSearchAdapter } from '../../infrastructure/search/meilisearch.search-adapter';
import { PostgresSearchAdapter } from '../../infrastructure/search/postgres.search-adapter';
import { SearchEnginePort } from '../../infrastructure/search/search-engine.port';
import { DESCRIPTOR_LENGTH } from '../processing/analysis';
import { SearchDocumentBuilder } from './search-document.builder';

/** Adapters by name: the configured one serves searches; reindex may target either (if reachable). */
@Injectable()
export class SearchEngines implements OnApplicationShutdown {
  private readonly cache = new Map<SearchEngineName, SearchEnginePort>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly builder: SearchDocumentBuilder,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.cache.values()].map((e) => e.close?.()));
    this.cache.clear();
  }

  get active(): SearchEnginePort {
    return this.get(this.config.search.engine);
  }

  available(name: SearchEngineName): boolean {
    return name === 'postgres' || !!this.config.search.meiliUrl;
  }

  get(name: SearchEngineName): SearchEnginePort {
    let engine = this.cache.get(name);
    if (!engine) {
      engine = name === 'postgres' ? new PostgresSearchAdapter(this.db, { exactCountCap: this.config.search.exactCountCap }) : this.meili();
      this.cache.set(name, engine);
    }
    return engine;
  }

  private meili(): MeilisearchSearchAdapter {
    const url = this.config.search.meiliUrl;
    if (!url) throw new Error('MEILI_URL is not set');
    return new MeilisearchSearchAdapter({
      url,
      apiKey: this.config.search.meiliMasterKey,
      // One index per deployment; MEILI_INDEX lets test runs and staging share a server.
      index: this.config.search.meiliIndex,
      descriptorDims: DESCRIPTOR_LENGTH,
      synonyms: () => this.builder.synonymMap(),
    });
  }
}
