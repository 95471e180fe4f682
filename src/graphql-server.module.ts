import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { formatGraphqlError } from './common/errors/format-graphql-error';
import { depthLimit } from './common/graphql/depth-limit.rule';
import { withGlobalIds } from './common/graphql/global-id.field';
import { JSONScalar } from './common/graphql/json.scalar';
import { noStoreResponsePlugins } from './common/graphql/response-cache.plugin';
import { AppConfig } from './config/app-config';
import { ApiKeyService } from './modules/auth/api-key.service';
import { AuthModule } from './modules/auth/auth.module';
import { graphqlContext, graphqlWsSubscriptions } from './modules/live/graphql-ws.options';

/** The GraphQL server (Apollo, schema built from the code). Loaded by the api role only. */
export function graphqlServerModule(config: AppConfig): DynamicModule {
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
      transformSchema: withGlobalIds,
    }),
  });
}
