import type { SubscriptionConfig } from '@nestjs/graphql';
import { GraphQLError, specifiedRules, validate } from 'graphql';
import { formatGraphqlError } from '../../common/errors/format-graphql-error';
import { depthLimit } from '../../common/graphql/depth-limit.rule';
import { Loaders } from '../../common/graphql/loaders';
import type { GqlContext } from '../../common/request-context';
import { bearerToken } from '../auth/bearer-token';
import type { ApiKeyService } from '../auth/api-key.service';
import type { Principal } from '../auth/principal';

/** What graphql-ws hands our hooks: the connection's params and the socket's `extra` bag. */
interface WsConnection {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: { principal?: Principal };
}

/**
 * graphql-ws over the same /graphql path. The API key is checked once, when the socket opens
 * (connectionParams `{ authorization: 'Bearer <key>' }`); a bad key closes it with 4403 before any
 * operation runs. The HTTP limits (depth) and error masking apply to websocket operations too.
 */
export function graphqlWsSubscriptions(keys: ApiKeyService, maxDepth: number): SubscriptionConfig {
  const options = {
    onConnect: async (ctx: WsConnection): Promise<boolean> => {
      const params = ctx.connectionParams ?? {};
      const header = params.authorization ?? params.Authorization;
      const token = typeof header === 'string' ? bearerToken(header) : null;
      const principal = token ? await keys.authenticate(token) : null;
      if (!principal) return false;
      ctx.extra.principal = principal;
      return true;
    },
    validate: (schema: Parameters<typeof validate>[0], doc: Parameters<typeof validate>[1]) =>
      validate(schema, doc, [...specifiedRules, depthLimit(maxDepth)]),
    onNext: (_c: unknown, _i: string, _p: unknown, _a: unknown, result: { data?: unknown; errors?: readonly GraphQLError[] }) =>
      result.errors ? { ...result, errors: result.errors.map(formatError) } : undefined,
    onError: (_c: unknown, _i: string, _p: unknown, errors: readonly GraphQLError[]) => errors.map(formatError),
  };
  // `validate` and `onError` are graphql-ws options Nest's narrower type omits; it passes them through.
  return { 'graphql-ws': options as NonNullable<Exclude<SubscriptionConfig['graphql-ws'], boolean>> };
}

/** One context builder for both transports; websocket operations carry the principal from onConnect. */
export function graphqlContext(arg: { req?: GqlContext['req'] } | WsConnection): GqlContext {
  if ('extra' in arg && arg.extra) return { principal: arg.extra.principal, loaders: new Loaders() };
  return { req: (arg as { req?: GqlContext['req'] }).req, loaders: new Loaders() };
}

function formatError(e: GraphQLError) {
  return formatGraphqlError(e.toJSON(), e);
}
