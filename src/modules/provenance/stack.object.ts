import { createUnionType, Field, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { Node } from '../../common/graphql/node.interface';
import { StackEntity } from './stack.entity';

/** Resolvers return StackEntity rows; id, pick and members are resolved fields. */
@ObjectType('Stack', { implements: () => [Node] })
export class StackObject implements Node {
  @GlobalIdField('Stack') id: string;
  @Field(() => Date) createdAt: Date;
}

export const StackResult = createUnionType({
  name: 'StackResult',
  types: () => [StackObject, NotFoundError, ForbiddenForRoleError] as const,
  resolveType: (value: object) => (value instanceof StackEntity ? StackObject : (value.constructor as never)),
});
