import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ModuleMetadata, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { depthLimit } from './common/graphql/depth-limit.rule';
import { JSONScalar } from './common/graphql/json.scalar';
import { Loaders } from './common/graphql/loaders';
import { formatGraphqlError } from './common/errors/format-graphql-error';
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
import { NodeModule } from './modules/node/node.module';
import { ProcessingModule } from './modules/processing/processing.module';
import { ProjectsModule } from './modules/projects/projects.module';

function graphqlModule(config: AppConfig) {
  return GraphQLModule.forRoot<ApolloDriverConfig>({
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    resolvers: { JSON: JSONScalar },
    introspection: config.graphql.introspection,
    validationRules: [depthLimit(config.graphql.maxDepth)],
    formatError: formatGraphqlError,
    includeStacktraceInErrorResponses: false,
    context: ({ req }: { req: unknown }) => ({ req, loaders: new Loaders() }),
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
      ProcessingModule.register({ worker }),
      IngestModule,
      NodeModule,
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
