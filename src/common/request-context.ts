import type { Request } from 'express';
import type { Principal } from '../modules/auth/principal';
import type { Loaders } from './graphql/loaders';

/** The GraphQL context of one request (HTTP or websocket). */
export interface GqlContext {
  req?: Request & { principal?: Principal };
  principal?: Principal;
  loaders: Loaders;
}
