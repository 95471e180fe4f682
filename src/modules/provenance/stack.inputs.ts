import { Field, ID, InputType } from '../../common/graphql/schema.decorators';
import { IsArray, IsString } from 'class-validator';

export const MAX_STACK_BATCH = 500;

@InputType()
export class CreateStackInput {
  @Field(() => [ID], { description: 'The first id becomes the pick; assets in another stack move here' })
  @IsArray()
  @IsString({ each: true })
  assetIds: string[];
}

@InputType()
export class StackMembershipInput {
  @Field(() => ID) @IsString() stackId: string;
  @Field(() => [ID], { description: `1 to ${MAX_STACK_BATCH} ids` })
  @IsArray()
  @IsString({ each: true })
  assetIds: string[];
}

@InputType()
export class SetStackPickInput {
  @Field(() => ID) @IsString() stackId: string;
  @Field(() => ID) @IsString() assetId: string;
}
