import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '../../common/graphql/schema.decorators';
import { forbidden, unauthenticated } from '../../common/errors/app-errors';
import type { GqlContext } from '../../common/request-context';
import { ApiKeyService } from './api-key.service';
import { bearerToken } from './bearer-token';
import { EARLY_AUTH, EarlyAuthRequest } from './early-auth.middleware';
import { IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators';
import { Role, roleAtLeast } from './role';

/** Global guard: every GraphQL resolver needs a valid key; @RequireRole raises the bar. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly keys: ApiKeyService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType<string>() !== 'graphql') return false;

    const gql = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (!gql.principal) {
      const token = bearerToken(gql.req?.headers.authorization);
      // The lookup EarlyAuthMiddleware started when the request arrived, if it is for this token.
      const early = (gql.req as EarlyAuthRequest | undefined)?.[EARLY_AUTH];
      const principal = token ? await (early?.token === token ? early.principal : this.keys.authenticate(token)) : null;
      if (!principal) throw unauthenticated();
      gql.principal = principal;
    }
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? Role.VIEWER;
    if (!roleAtLeast(gql.principal.role, required)) {
      throw forbidden(`This operation needs the ${required} role; your key has ${gql.principal.role}`);
    }
    return true;
  }
}
