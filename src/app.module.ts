import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ModuleMetadata, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { depthLimit } from './common/graphql/depth-limit.rule';
import { JSONScalar } from './common/graphql/json.scalar';
import { noStoreResponsePlugins } from './common/graphql/response-cache.plugin';
import { formatGraphqlError } from './common/errors/format-graphql-error';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { OutboxModule } from './infrastructure/outbox/outbox.module';
import { QueueModule } from './infrastructure/queue/queue.module';
import { StorageModule } from './infrastructure/storage/storage.module';
import { ApiKeyGuard } from './modules/auth/api-key.guard';
import { ApiKeyService } from './modules/auth/api-key.service';
import { AuthModule } from './modules/auth/auth.module';
import { AssetsModule } from './modules/assets/assets.module';
import { HealthModule } from './modules/health/health.module';
import { IngestModule } from './modules/ingest/ingest.module';
import { graphqlContext, graphqlWsSubscriptions } from './modules/live/graphql-ws.options';
import { LiveModule } from './modules/live/live.module';
import { SearchModule } from './modules/search/search.module';
import { NodeModule } from './modules/node/node.module';
import { ProcessingModule } from './modules/processing/processing.module';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module';
import { ProjectsModule } from './modules/projects/projects.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { ProvenanceModule } from './modules/provenance/provenance.module';
import { ReviewModule } from './modules/review/review.module';

function graphqlModule(config: AppConfig) {
  // Async only to get ApiKeyService: websocket connections authenticate when they open.
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: ApolloDriver,
    imports: [AuthModule],
    inject: [ApiKeyService],
    useFactory: (keys: ApiKeyService) => ({
      autoSchemaFile: true,
      sortSchema: true,
      path: '/graphql',
      resolvers: { JSON: JSONScalar },
      introspection: config.graphql.introspection,
      validationRules: [depthLimit(config.graphql.maxDepth)],
      formatError: formatGraphqlError,
      includeStacktraceInErrorResponses: false,
      subscriptions: graphqlWsSubscriptions(keys, config.graphql.maxDepth),
      context: graphqlContext,
      plugins: noStoreResponsePlugins(),
    }),
  });
}

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
    if (api) imports.push(graphqlModule(config), HealthModule);
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
