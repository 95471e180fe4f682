import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  buildSchema, GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLNamedType, GraphQLObjectType,
  GraphQLSchema, GraphQLUnionType, isNamedType,
} from 'graphql';
import { startApp, TestApp } from '../support/app';

// The public contract integrations rely on (a copy of shared/API.graphql): every type, field,
// argument, input field, enum value and union member it names must exist in the served schema.
const CONTRACT = readFileSync(join(__dirname, '../contract/API.graphql'), 'utf8');

function missing(contract: GraphQLSchema, served: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(contract.getTypeMap()) as GraphQLNamedType[]) {
    if (type.name.startsWith('__') || !isNamedType(type)) continue;
    const ours = served.getType(type.name);
    if (!ours) {
      out.push(`type ${type.name}`);
      continue;
    }
    if (type instanceof GraphQLEnumType && ours instanceof GraphQLEnumType) {
      for (const v of type.getValues()) if (!ours.getValue(v.name)) out.push(`enum value ${type.name}.${v.name}`);
    }
    if (type instanceof GraphQLUnionType && ours instanceof GraphQLUnionType) {
      const members = new Set(ours.getTypes().map((t) => t.name));
      for (const t of type.getTypes()) if (!members.has(t.name)) out.push(`union member ${type.name}.${t.name}`);
    }
    if ((type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType || type instanceof GraphQLInputObjectType) &&
      (ours instanceof GraphQLObjectType || ours instanceof GraphQLInterfaceType || ours instanceof GraphQLInputObjectType)) {
      const ourFields = ours.getFields() as Record<string, { args?: readonly { name: string }[] }>;
      for (const [name, field] of Object.entries(type.getFields() as Record<string, { args?: readonly { name: string }[] }>)) {
        const f = ourFields[name];
        if (!f) {
          out.push(`field ${type.name}.${name}`);
          continue;
        }
        for (const arg of field.args ?? []) {
          if (!(f.args ?? []).some((a) => a.name === arg.name)) out.push(`argument ${type.name}.${name}(${arg.name})`);
        }
      }
      if (type instanceof GraphQLObjectType && ours instanceof GraphQLObjectType) {
        const ifaces = new Set(ours.getInterfaces().map((i) => i.name));
        for (const i of type.getInterfaces()) if (!ifaces.has(i.name)) out.push(`${type.name} implements ${i.name}`);
      }
    }
  }
  return out;
}

describe('public GraphQL contract (shared/API.graphql)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t?.close());

  it('the served schema has every name the contract lists', () => {
    const served = t.app.get(GraphQLSchemaHost).schema;
    expect(missing(buildSchema(CONTRACT), served)).toEqual([]);
  });
});
