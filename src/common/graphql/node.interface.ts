import { Field, ID, InterfaceType } from './schema.decorators';

type NodeClass = abstract new (...args: never[]) => object;
const nodeClasses = new Map<NodeClass, string>();

/**
 * Maps the class of values a feature returns from node(id) to its GraphQL type name. Called by the
 * NodeRegistry when a module registers its type, so type resolution and loading are declared once.
 */
export function registerNodeClass(cls: NodeClass, typeName: string): void {
  nodeClasses.set(cls, typeName);
}

@InterfaceType('Node', {
  resolveType: (value: object) => {
    for (const [cls, typeName] of nodeClasses) if (value instanceof cls) return typeName;
    return undefined;
  },
})
export abstract class Node {
  @Field(() => ID) id: string;
}
