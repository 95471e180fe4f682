import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';

const logger = new Logger('GraphQL');
const PASS_THROUGH = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'TOO_MANY_OPERATIONS',
]);

/** Expected errors keep their message and code; anything else is logged and reaches the client as a bare INTERNAL_SERVER_ERROR. */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (PASS_THROUGH.has(code)) {
    const { stacktrace: _s, originalError: _o, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  // Nest's ValidationPipe throws BadRequestException: surface its field messages as BAD_USER_INPUT.
  const original = (error as { originalError?: { response?: { message?: unknown }; status?: number } })?.originalError;
  if (original?.status === 400 && original.response?.message) {
    const messages = Array.isArray(original.response.message) ? original.response.message : [original.response.message];
    return { message: messages.join('; '), path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  logger.error(`${formatted.message} at ${JSON.stringify(formatted.path)}`, (error as Error)?.stack);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
