import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '../../common/graphql/schema.decorators';
import type { GqlContext } from '../../common/request-context';
import type { Principal } from './principal';
import { Role } from './role';

export const IS_PUBLIC = 'lightbox:public';
export const REQUIRED_ROLE = 'lightbox:required-role';

/** Endpoints that authenticate another way (health, signed upload/download URLs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Minimum role for a resolver; every resolver requires at least a viewer key. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const gql = GqlExecutionContext.create(ctx).getContext<GqlContext>();
  if (!gql.principal) throw new Error('CurrentPrincipal used on an unauthenticated route');
  return gql.principal;
});
