import { Field, ID, InputType } from '../../common/graphql/schema.decorators';
import { IsArray, IsEnum, IsOptional, IsString } from 'class-validator';
import { AssetStatus } from '../assets/asset.enums';

export const MAX_BULK_TRANSITION = 500;

@InputType()
export class TransitionAssetInput {
  @Field(() => ID) @IsString() assetId: string;
  @Field(() => AssetStatus) @IsEnum(AssetStatus) to: AssetStatus;
  // Length and presence rules live in the status machine (typed ReasonRequiredError).
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() reason?: string | null;
  @Field(() => AssetStatus, { nullable: true, description: 'Fail with StaleStatusError unless the asset is in this status' })
  @IsOptional()
  @IsEnum(AssetStatus)
  expectedStatus?: AssetStatus | null;
}

@InputType()
export class TransitionAssetsInput {
  // The 500 cap is checked by the service (a BAD_USER_INPUT naming assetIds).
  @Field(() => [ID], { description: `At most ${MAX_BULK_TRANSITION}` }) @IsArray() @IsString({ each: true }) assetIds: string[];
  @Field(() => AssetStatus) @IsEnum(AssetStatus) to: AssetStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() reason?: string | null;
}
