import { createUnionType, Field, Float, ObjectType } from '../../common/graphql/schema.decorators';
import { ErrorResult } from '../../common/errors/error-result';
import { AssetObject } from '../assets/asset.object';
import { AssetEntity } from '../assets/asset.entity';

abstract class BaseError implements ErrorResult {
  @Field(() => String) code: string;
  @Field(() => String) message: string;
}

@ObjectType({ implements: () => [ErrorResult] })
export class HashMismatchError extends BaseError {
  constructor(expected: string, actual: string) {
    super();
    this.code = 'HASH_MISMATCH';
    this.message = `sha256 of the uploaded bytes is ${actual}, but ${expected} was declared`;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class SizeMismatchError extends BaseError {
  constructor(expected: number, actual: number) {
    super();
    this.code = 'SIZE_MISMATCH';
    this.message = `${actual} bytes were uploaded, but size ${expected} was declared`;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class UnsupportedTypeError extends BaseError {
  @Field(() => String, { nullable: true }) detectedType: string | null;
  constructor(detectedType: string | null, allowed: string[]) {
    super();
    this.code = 'UNSUPPORTED_TYPE';
    this.detectedType = detectedType;
    this.message = `${detectedType ? `content is ${detectedType}` : 'content type could not be recognised from the bytes'}; allowed: ${allowed.join(', ')}`;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class TooLargeError extends BaseError {
  @Field(() => Float) maxBytes: number;
  constructor(maxBytes: number, actual?: number) {
    super();
    this.code = 'TOO_LARGE';
    this.maxBytes = maxBytes;
    this.message = `content${actual ? ` of ${actual} bytes` : ''} exceeds the limit of ${maxBytes} bytes`;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class UploadNotFoundError extends BaseError {
  constructor(message: string) {
    super();
    this.code = 'UPLOAD_NOT_FOUND';
    this.message = message;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class BlockedUrlError extends BaseError {
  constructor(message: string) {
    super();
    this.code = 'BLOCKED_URL';
    this.message = message;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class FetchFailedError extends BaseError {
  constructor(message: string) {
    super();
    this.code = 'FETCH_FAILED';
    this.message = message;
  }
}

export type IngestError = HashMismatchError | SizeMismatchError | UnsupportedTypeError | TooLargeError;

function resolveResult(value: object) {
  return value instanceof AssetEntity ? AssetObject : (value.constructor as never);
}

export const CompleteUploadResult = createUnionType({
  name: 'CompleteUploadResult',
  types: () => [AssetObject, HashMismatchError, SizeMismatchError, UnsupportedTypeError, TooLargeError, UploadNotFoundError] as const,
  resolveType: resolveResult,
});

export const ImportAssetResult = createUnionType({
  name: 'ImportAssetResult',
  types: () => [AssetObject, UnsupportedTypeError, TooLargeError, BlockedUrlError, FetchFailedError] as const,
  resolveType: resolveResult,
});
