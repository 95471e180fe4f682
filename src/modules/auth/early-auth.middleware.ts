import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeyService } from './api-key.service';
import { bearerToken } from './bearer-token';
import type { Principal } from './principal';

/** Where the key check started on arrival is kept on the request (see ApiKeyGuard). */
export const EARLY_AUTH = Symbol('earlyAuth');

export interface EarlyAuth {
  token: string;
  principal: Promise<Principal | null>;
}

export type EarlyAuthRequest = Request & { [EARLY_AUTH]?: EarlyAuth };

/**
 * Starts the API-key lookup of an HTTP GraphQL request as soon as it arrives, so its round trip to
 * the database overlaps body parsing and GraphQL parsing/validation instead of following them.
 * Nothing is decided here: the guard awaits the same lookup (one per request, against the database,
 * so a revoked key fails on its very next request as before) and applies roles as before.
 */
@Injectable()
export class EarlyAuthMiddleware implements NestMiddleware {
  constructor(private readonly keys: ApiKeyService) {}

  use(req: EarlyAuthRequest, _res: Response, next: NextFunction): void {
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const principal = this.keys.authenticate(token);
      principal.catch(() => undefined); // the guard awaits it and surfaces the error
      req[EARLY_AUTH] = { token, principal };
    }
    next();
  }
}
