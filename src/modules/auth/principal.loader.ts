import { Injectable } from '@nestjs/common';
import type { GqlContext } from '../../common/request-context';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';

/** Loads principals (createdBy, approvedBy, actors) in one query per request. */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly keys: ApiKeyService) {}

  load(ctx: GqlContext, id: string | null | undefined): Promise<Principal | null> {
    if (!id || !ctx.principal) return Promise.resolve(null);
    const workspaceId = ctx.principal.workspaceId;
    return ctx.loaders
      .get<string, Principal | null>('principal', async (ids) => {
        const map = await this.keys.principals(workspaceId, ids);
        return ids.map((i) => map.get(i) ?? null);
      })
      .load(id);
  }
}
