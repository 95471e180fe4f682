import { DynamicModule, Module, ModuleMetadata, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { OutboxModule } from './infrastructure/outbox/outbox.module';
import { QueueModule } from './infrastructure/queue/queue.module';
import { StorageModule } from './infrastructure/storage/storage.module';
import { ApiKeyGuard } from './modules/auth/api-key.guard';
import { AuthModule } from './modules/auth/auth.module';
import { AssetsModule } from './modules/assets/assets.module';
import { HealthModule } from './modules/health/health.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { LiveModule } from './modules/live/live.module';
import { SearchModule } from './modules/search/search.module';
import { NodeModule } from './modules/node/node.module';
import { ProcessingModule } from './modules/processing/processing.module';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module';
import { ProjectsModule } from './modules/projects/projects.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { ProvenanceModule } from './modules/provenance/provenance.module';
import { ReviewModule } from './modules/review/review.module';

/** One codebase, two roles: `api` serves HTTP + GraphQL, `worker` runs the BullMQ processors; `all` does both. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const api = config.role !== 'worker';
    const worker = config.role !== 'api';
    const imports: ModuleMetadata['imports'] = [
      ConfigModule.forRoot(config),
      DatabaseModule,
      QueueModule,
      StorageModule,
      OutboxModule.forRoot({ relay: worker }),
      AuthModule,
      ProjectsModule,
      AssetsModule,
      TaxonomyModule.register({ api }),
      ProcessingModule.register({ worker }),
      IngestModule,
      NodeModule,
      ReviewModule,
      ProvenanceModule,
      LiveModule.register({ api, worker }),
      SearchModule.register({ api, worker }),
      WebhooksModule.register({ api, worker }),
    ];
    if (api) {
      // Required here, not imported above: a worker-only process never loads the GraphQL server.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { graphqlServerModule } = require('./graphql-server.module') as typeof import('./graphql-server.module');
      imports.push(graphqlServerModule(config), HealthModule);
    }
    return {
      module: AppModule,
      imports,
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useValue: new ValidationPipe({ transform: true, forbidUnknownValues: false }) },
      ],
    };
  }
}
