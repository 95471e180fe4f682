import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../../common/errors/app-errors';
import type { GqlContext } from '../../common/request-context';
import { ApiKeyService } from './api-key.service';
import { IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators';
import { Role, roleAtLeast } from './role';

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

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
      const principal = token ? await this.keys.authenticate(token) : null;
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
