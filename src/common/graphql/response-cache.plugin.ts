import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

type Plugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/**
 * No resolver declares cache hints, so Apollo's cache-control plugin only ever computed
 * "uncacheable" — while hooking every resolved field to do it. These plugins drop that per-field
 * work and keep the header it produced: every GraphQL response says `cache-control: no-store`.
 */
export function noStoreResponsePlugins(): Plugin[] {
  return [
    // Nest's config type names Apollo's ESM typings, this import resolves to the CJS ones: same object.
    ApolloServerPluginCacheControlDisabled() as unknown as Plugin,
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }: { response: { http: { headers: Map<string, string> } } }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
