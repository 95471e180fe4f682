let loaded = true;

/**
 * A worker-only process builds no GraphQL schema, so it need not load the GraphQL layer
 * (@nestjs/graphql, graphql-js: ~9 MB of heap that V8 would mark on every full collection, and the
 * pipeline's decoded pixels make those frequent). main.ts calls this before any application module
 * loads; everything else, tests included, keeps the real decorators.
 */
export function skipGraphqlLayer(): void {
  loaded = false;
}

export function graphqlLayerLoaded(): boolean {
  return loaded;
}
