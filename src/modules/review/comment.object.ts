import { Field, Float, Int, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { Node } from '../../common/graphql/node.interface';

@ObjectType('Region', { description: 'Normalised 0–1 image coordinates; (0,0) is top-left' })
export class RegionObject {
  @Field(() => Float) x: number;
  @Field(() => Float) y: number;
  @Field(() => Float) width: number;
  @Field(() => Float) height: number;
}

@ObjectType('TimeRange')
export class TimeRangeObject {
  @Field(() => Int) startMs: number;
  @Field(() => Int) endMs: number;
}

/** Resolvers return CommentEntity rows; id, author, region, timeRange are resolved fields. */
@ObjectType('Comment', { implements: () => [Node] })
export class CommentObject implements Node {
  @GlobalIdField('Comment') id: string;
  @Field(() => String, { description: 'Plain text, at most 5000 characters' }) body: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
}
