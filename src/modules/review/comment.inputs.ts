import { Field, Float, ID, InputType, Int } from '../../common/graphql/schema.decorators';
import { IsOptional, IsString } from 'class-validator';

// Shapes only: ranges, bounds and body rules are comment-region.rules.ts, which names the field.
@InputType()
export class RegionInput {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) width: number;
  @Field(() => Float) height: number;
}

@InputType()
export class TimeRangeInput {
  @Field(() => Int) startMs: number;
  @Field(() => Int) endMs: number;
}

@InputType()
export class AddCommentInput {
  @Field(() => ID) @IsString() assetId: string;
  @Field(() => String) @IsString() body: string;
  @Field(() => RegionInput, { nullable: true }) @IsOptional() region?: RegionInput | null;
  @Field(() => TimeRangeInput, { nullable: true, description: 'Video assets only' }) @IsOptional() timeRange?: TimeRangeInput | null;
}
