import { Field, ID, ObjectType } from '../../common/graphql/schema.decorators';
import { JSONScalar } from '../../common/graphql/json.scalar';

@ObjectType('Upload')
export class UploadObject {
  @Field(() => ID) uploadId: string;
  @Field(() => String) url: string;
  @Field(() => String) method: string;
  @Field(() => JSONScalar, { nullable: true }) headers: Record<string, string>;
  @Field(() => Date) expiresAt: Date;
  @Field(() => Boolean, { description: 'The workspace already stores these bytes: completeUpload needs no PUT' }) alreadyStored: boolean;
}
