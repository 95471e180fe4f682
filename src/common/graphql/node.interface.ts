import { Field, ID, InterfaceType } from '@nestjs/graphql';

type TypeResolver = (value: object) => Function | undefined;
const resolvers: TypeResolver[] = [];

/** Feature modules register how their values map to GraphQL object types (no import cycle through here). */
export function registerNodeType(resolver: TypeResolver): void {
  resolvers.push(resolver);
}

@InterfaceType('Node', {
  resolveType: (value: object) => {
    for (const r of resolvers) {
      const t = r(value);
      if (t) return t;
    }
    return undefined;
  },
})
export abstract class Node {
  @Field(() => ID) id: string;
}
