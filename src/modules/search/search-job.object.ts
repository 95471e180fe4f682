import { Field, Float, ID, ObjectType } from '../../common/graphql/schema.decorators';
import { Node } from '../../common/graphql/node.interface';

/** "A long-running job a client can watch (reindex, bulk reprocess)." */
@ObjectType('Job', { implements: () => [Node] })
export class JobObject implements Node {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String, { description: 'queued | running | completed | failed' }) state: string;
  @Field(() => Float, { description: '0..1' }) progress: number;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => String, { nullable: true }) error: string | null;
}
