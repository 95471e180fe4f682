import { createUnionType, Field, ObjectType } from '../../common/graphql/schema.decorators';
import { ErrorResult, ForbiddenForRoleError, NotFoundError } from '../../common/errors/error-result';
import { AssetEntity } from '../assets/asset.entity';
import { AssetStatus } from '../assets/asset.enums';
import { AssetObject } from '../assets/asset.object';

@ObjectType({ implements: () => [ErrorResult] })
export class TransitionNotAllowedError implements ErrorResult {
  @Field(() => String) code = 'TRANSITION_NOT_ALLOWED';
  @Field(() => String) message: string;
  @Field(() => AssetStatus) from: AssetStatus;
  @Field(() => AssetStatus) to: AssetStatus;
  constructor(message: string, from: AssetStatus, to: AssetStatus) {
    this.message = message;
    this.from = from;
    this.to = to;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class ReasonRequiredError implements ErrorResult {
  @Field(() => String) code = 'REASON_REQUIRED';
  @Field(() => String) message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** The asset's status is not what the caller expected: someone else moved it first. */
@ObjectType({ implements: () => [ErrorResult] })
export class StaleStatusError implements ErrorResult {
  @Field(() => String) code = 'STALE_STATUS';
  @Field(() => String) message: string;
  @Field(() => AssetStatus) actual: AssetStatus;
  constructor(actual: AssetStatus, expected: AssetStatus | null) {
    this.actual = actual;
    this.message = expected
      ? `the asset is ${actual}, not ${expected}: it was changed by someone else; reload and retry`
      : `the asset changed to ${actual} while this transition ran; reload and retry`;
  }
}

export type TransitionError = TransitionNotAllowedError | ForbiddenForRoleError | ReasonRequiredError | StaleStatusError | NotFoundError;

export const TransitionResult = createUnionType({
  name: 'TransitionResult',
  types: () => [AssetObject, TransitionNotAllowedError, ForbiddenForRoleError, ReasonRequiredError, StaleStatusError, NotFoundError] as const,
  resolveType: (value: object) => (value instanceof AssetEntity ? AssetObject : (value.constructor as never)),
});
