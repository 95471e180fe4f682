import { Field, Float, ID, InputType, Int } from '../../common/graphql/schema.decorators';
import { Type } from 'class-transformer';
import {
  IsEnum, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { JSONScalar } from '../../common/graphql/json.scalar';
import { DerivationOperation } from '../assets/asset.enums';

@InputType()
export class CreateUploadInput {
  @Field(() => ID) @IsString() projectId: string;
  @Field(() => String) @IsString() @MinLength(1, { message: 'filename must not be empty' }) @MaxLength(255) filename: string;
  @Field(() => String) @IsString() @MaxLength(255) contentType: string;
  @Field(() => Float) @IsInt({ message: 'size must be a whole number of bytes' }) @Min(1, { message: 'size must be at least 1 byte' }) size: number;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256?: string;
}

@InputType()
export class GenerationInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(300) model?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(300) provider?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20_000) prompt?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20_000) negativePrompt?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^-?\d{1,40}$/, { message: 'seed must be a decimal integer string' })
  seed?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(100_000) steps?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) sampler?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) cfgScale?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000) width?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1_000_000) height?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) tool?: string;
  @Field(() => JSONScalar, { nullable: true }) @IsOptional() params?: Record<string, unknown>;
}

@InputType({ isAbstract: true })
abstract class AssetMetadataInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) title?: string;
  @Field(() => GenerationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GenerationInput)
  generation?: GenerationInput;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() parentId?: string;
  @Field(() => DerivationOperation, { nullable: true }) @IsOptional() @IsEnum(DerivationOperation) operation?: DerivationOperation;
}

@InputType()
export class CompleteUploadInput extends AssetMetadataInput {
  @Field(() => ID) @IsString() uploadId: string;
}

@InputType()
export class ImportAssetFromUrlInput extends AssetMetadataInput {
  @Field(() => ID) @IsString() projectId: string;
  @Field(() => String) @IsString() @MaxLength(4096) url: string;
}
