import { Field, ID, InputType, ObjectType } from '../../common/graphql/schema.decorators';
import { IsNotEmpty, MaxLength } from 'class-validator';
import { Node } from '../../common/graphql/node.interface';

@ObjectType('Project', { implements: () => [Node] })
export class ProjectObject implements Node {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) slug: string;
  @Field(() => Date) createdAt: Date;
}

@InputType()
export class CreateProjectInput {
  @Field(() => String) @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(200) name: string;
}
