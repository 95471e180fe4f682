import { Field, InterfaceType, ObjectType } from '../graphql/schema.decorators';

/** Implemented by every typed, expected failure returned inside a result union. */
@InterfaceType('ErrorResult')
export abstract class ErrorResult {
  @Field(() => String) code: string;
  @Field(() => String) message: string;
}

@ObjectType({ implements: () => [ErrorResult] })
export class NotFoundError implements ErrorResult {
  @Field(() => String) code: string = 'NOT_FOUND';
  @Field(() => String) message: string;
  constructor(message = 'Not found') {
    this.message = message;
  }
}

@ObjectType({ implements: () => [ErrorResult] })
export class ForbiddenForRoleError implements ErrorResult {
  @Field(() => String) code: string = 'FORBIDDEN_FOR_ROLE';
  @Field(() => String) message: string;
  constructor(message: string) {
    this.message = message;
  }
}
