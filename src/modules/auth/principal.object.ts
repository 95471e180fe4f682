import { Field, ID, ObjectType } from '../../common/graphql/schema.decorators';
import { Role } from './role';

@ObjectType('Principal')
export class PrincipalObject {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => Role) role: Role;
}
