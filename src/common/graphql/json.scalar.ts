import type { GraphQLScalarType, ValueNode } from 'graphql';
import { graphqlLayerLoaded } from './graphql-layer';

function jsonScalar(): GraphQLScalarType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { GraphQLScalarType, Kind } = require('graphql') as typeof import('graphql');
  const literal = (ast: ValueNode): unknown => {
    switch (ast.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        return ast.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(ast.value);
      case Kind.OBJECT:
        return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
      case Kind.LIST:
        return ast.values.map(literal);
      case Kind.NULL:
        return null;
      default:
        throw new TypeError(`JSON cannot represent ${ast.kind}`);
    }
  };
  return new GraphQLScalarType({
    name: 'JSON',
    description: 'Arbitrary JSON value',
    serialize: (v) => v,
    parseValue: (v) => v,
    parseLiteral: literal,
  });
}

/** Arbitrary JSON. Not built where the GraphQL layer is skipped (graphql-layer.ts): nothing there reads it. */
export const JSONScalar: GraphQLScalarType = graphqlLayerLoaded() ? jsonScalar() : ({} as GraphQLScalarType);
