import type * as NestGraphql from '@nestjs/graphql';
import { graphqlLayerLoaded } from './graphql-layer';

type Used = Pick<
  typeof NestGraphql,
  | 'Args' | 'Context' | 'createUnionType' | 'Field' | 'Float' | 'GqlExecutionContext' | 'ID' | 'InputType' | 'Int' | 'InterfaceType'
  | 'Mutation' | 'ObjectType' | 'Parent' | 'Query' | 'registerEnumType' | 'ResolveField' | 'Resolver' | 'Subscription'
>;

/**
 * What the schema classes, resolvers and guards use from @nestjs/graphql, imported from here and
 * not from the package: where the GraphQL layer is skipped (a worker-only process, graphql-layer.ts)
 * the decorators record nothing and the package is never loaded. Nothing there reads the metadata.
 */
function inert(): Used {
  const decorator = () => () => undefined;
  const scalar = {} as never;
  return {
    Args: decorator, Context: decorator, Field: decorator, InputType: decorator, InterfaceType: decorator, Mutation: decorator,
    ObjectType: decorator, Parent: decorator, Query: decorator, ResolveField: decorator, Resolver: decorator, Subscription: decorator,
    ID: scalar, Int: scalar, Float: scalar,
    createUnionType: (() => class {}) as never,
    registerEnumType: () => undefined,
    GqlExecutionContext: {
      create: () => {
        throw new Error('GqlExecutionContext is not available: this process runs without the GraphQL layer');
      },
    } as never,
  } as unknown as Used;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const graphql: Used = graphqlLayerLoaded() ? (require('@nestjs/graphql') as typeof NestGraphql) : inert();

export const {
  Args, Context, createUnionType, Field, Float, GqlExecutionContext, ID, InputType, Int, InterfaceType,
  Mutation, ObjectType, Parent, Query, registerEnumType, ResolveField, Resolver, Subscription,
} = graphql;
