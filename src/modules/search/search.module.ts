import { DynamicModule, Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { toJobObject } from './search.resolver';
import { SEARCH_ENGINE } from '../../infrastructure/search/search-engine.port';
import { AssetsModule } from '../assets/assets.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReindexProcessor } from './reindex.processor';
import { ReindexService } from './reindex.service';
import { SearchClock } from './search-clock';
import { SearchDocumentBuilder } from './search-document.builder';
import { SearchEngines } from './search-engines';
import { SearchIndexer } from './search-indexer.consumer';
import { JobObject } from './search-job.object';
import { SearchSetup } from './search-setup.service';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Search: the engine port wiring, the outbox indexer, searchAssets, reindex jobs. */
@Module({})
export class SearchModule {
  constructor(registry: NodeRegistry, reindexer: ReindexService) {
    registry.register('Job', {
      returns: JobObject,
      load: async (me, id) => {
        const job = await reindexer.find(me.workspaceId, id);
        return job ? toJobObject(job) : null;
      },
    });
  }

  static register(opts: { api: boolean; worker: boolean }): DynamicModule {
    return {
      module: SearchModule,
      imports: [AssetsModule, ProjectsModule],
      providers: [
        SearchDocumentBuilder,
        SearchEngines,
        { provide: SEARCH_ENGINE, inject: [SearchEngines], useFactory: (e: SearchEngines) => e.active },
        SearchClock,
        SearchService,
        ReindexService,
        SearchIndexer,
        SearchSetup,
        ...(opts.api ? [SearchResolver] : []),
        ...(opts.worker ? [ReindexProcessor] : []),
      ],
      exports: [SearchService, ReindexService, SearchEngines, SearchIndexer, SearchClock, SEARCH_ENGINE],
    };
  }
}
