import { Field, Float, ObjectType } from '../../common/graphql/schema.decorators';
import { GlobalIdField } from '../../common/graphql/global-id.field';
import { Node } from '../../common/graphql/node.interface';

@ObjectType('Term', { implements: () => [Node] })
export class TermObject implements Node {
  @GlobalIdField('Term') id: string;
  @Field(() => String) label: string;
  @Field(() => String) slug: string;
  @Field(() => [String]) synonyms: string[];
}

@ObjectType('Tag')
export class TagObject {
  @Field(() => String) label: string;
  @Field(() => String, { description: 'manual, prompt, metadata, vision or rule' }) source: string;
  @Field(() => Float, { nullable: true }) confidence: number | null;
  @Field(() => String, { description: 'suggested, accepted or rejected' }) state: string;
  /** Resolved by TagResolver.term from termId. */
  termId?: string | null;
}
