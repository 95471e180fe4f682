/**
 * A user mistake in a search query or filter. The GraphQL layer maps it to a GraphQLError with
 * `extensions` = `error.extensions` (code BAD_USER_INPUT), so the client sees which qualifier /
 * value / position is wrong.
 */
export interface SearchQueryErrorDetails {
  /** Qualifier (without the colon) or filter field the error is about. */
  qualifier?: string;
  /** The offending value, as typed. */
  value?: string;
  /** 0-based character offset in the query string. */
  position?: number;
}

export class SearchQueryError extends Error {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly qualifier?: string;
  readonly value?: string;
  readonly position?: number;

  constructor(message: string, details: SearchQueryErrorDetails = {}) {
    super(message);
    this.name = 'SearchQueryError';
    this.qualifier = details.qualifier;
    this.value = details.value;
    this.position = details.position;
  }

  /** Ready to pass as GraphQLError extensions; undefined keys are omitted. */
  get extensions(): { code: 'BAD_USER_INPUT' } & SearchQueryErrorDetails {
    const ext: { code: 'BAD_USER_INPUT' } & SearchQueryErrorDetails = { code: this.code };
    if (this.qualifier !== undefined) ext.qualifier = this.qualifier;
    if (this.value !== undefined) ext.value = this.value;
    if (this.position !== undefined) ext.position = this.position;
    return ext;
  }
}
