import { Logger } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';

const logger = new Logger('GraphQL');
const PASS_THROUGH = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'TOO_MANY_OPERATIONS',
]);

/** Expected errors keep their message and code; anything else is logged and reaches the client as a bare INTERNAL_SERVER_ERROR. */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = ruleCode(formatted, error) ?? String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  // class-validator failures (ValidationPipe → BadRequestException): one BAD_USER_INPUT naming the fields.
  const validation = validationMessages(formatted, error);
  if (validation) return { message: validation.join('; '), path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  if (PASS_THROUGH.has(code)) {
    const { stacktrace: _s, originalError: _o, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, code } };
  }
  logger.error(`${formatted.message} at ${JSON.stringify(formatted.path)}`, (error as Error)?.stack);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function validationMessages(formatted: GraphQLFormattedError, error: unknown): string[] | null {
  const fromExtensions = (formatted.extensions?.originalError as { message?: unknown; statusCode?: number } | undefined);
  const original = (error as { originalError?: { response?: { message?: unknown; statusCode?: number }; status?: number } })?.originalError;
  const candidates = [
    fromExtensions?.statusCode === 400 ? fromExtensions.message : undefined,
    original?.status === 400 || original?.response?.statusCode === 400 ? original?.response?.message : undefined,
  ];
  for (const m of candidates) {
    if (Array.isArray(m) && m.length) return m.map(String);
    if (typeof m === 'string' && m) return [m];
  }
  return formatted.extensions?.code === 'BAD_REQUEST' ? [formatted.message] : null;
}

/**
 * Apollo reports every validation rule's error over HTTP as GRAPHQL_VALIDATION_FAILED; a rule of ours
 * that names its own code (QUERY_TOO_DEEP) keeps it, as it does over websockets.
 */
function ruleCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return undefined;
  const own = (error as { originalError?: { extensions?: { code?: unknown } } })?.originalError?.extensions?.code;
  return typeof own === 'string' && PASS_THROUGH.has(own) ? own : undefined;
}
