import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { formatGraphqlError } from './format-graphql-error';

const format = (error: GraphQLError) => formatGraphqlError(error.toJSON(), error);

describe('formatGraphqlError', () => {
  it('keeps an expected error\'s message and code, without a stack trace', () => {
    const e = new GraphQLError('Asset not found', { extensions: { code: 'NOT_FOUND', stacktrace: ['at x'] } });
    expect(format(e)).toEqual({ message: 'Asset not found', extensions: { code: 'NOT_FOUND' } });
  });

  it('masks anything unexpected as INTERNAL_SERVER_ERROR, and logs it', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const e = new GraphQLError('relation "asset" does not exist', { originalError: new Error('relation "asset" does not exist') });
    expect(format(e)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('relation "asset" does not exist'), expect.any(String));
    logged.mockRestore();
  });

  it('keeps the own code of a validation rule that Apollo reported as GRAPHQL_VALIDATION_FAILED', () => {
    const rule = new GraphQLError('Query depth 15 exceeds the limit of 12', { extensions: { code: 'QUERY_TOO_DEEP' } });
    const apollo = new GraphQLError(rule.message, { originalError: rule, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format(apollo).extensions).toEqual({ code: 'QUERY_TOO_DEEP' });
  });

  it('leaves graphql-js\'s own validation errors and unknown rule codes as GRAPHQL_VALIDATION_FAILED', () => {
    for (const original of [new GraphQLError('Cannot query field "nope" on type "Query".'), new GraphQLError('x', { extensions: { code: 'SOMETHING_ELSE' } })]) {
      const apollo = new GraphQLError(original.message, { originalError: original, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
      expect(format(apollo).extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    }
  });
});
