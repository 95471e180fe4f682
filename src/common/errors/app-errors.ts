/**
 * An expected failure that is not a typed result; GraphQL reports it with a stable `extensions.code`.
 * A plain Error, not graphql-js's GraphQLError, so the services that raise it do not load the GraphQL
 * layer into a worker: graphql-js copies `extensions` from the error a resolver throws.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(message: string, readonly extensions: { code: string } & Record<string, unknown>) {
    super(message);
  }
}

/**
 * The response stays HTTP 200, as for every GraphQL error of a well-formed request (GraphQL over HTTP,
 * application/json): @nestjs/apollo resets any status a resolver's error asks for once execution ran.
 */
export function unauthenticated(message = 'A valid API key is required (Authorization: Bearer <key>)'): AppError {
  return new AppError(message, { code: 'UNAUTHENTICATED' });
}

export function forbidden(message: string): AppError {
  return new AppError(message, { code: 'FORBIDDEN' });
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(message, { code: 'BAD_USER_INPUT', ...extra });
}

export function notFound(what: string): AppError {
  return new AppError(`${what} not found`, { code: 'NOT_FOUND' });
}
