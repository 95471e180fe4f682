// Public API of the search query layer (plain TypeScript, no NestJS).
export * from './search-filter.model';
export * from './search-query.error';
export type * from './asset-search-filter.input';
export type { Clock, TimeOptions } from './relative-time';
export { systemClock, parseDuration, parseTimeExpression, resolveLast } from './relative-time';
export type { ParseOptions } from './qualifier.parser';
export { parseSearchQuery, MAX_VALUE_LENGTH } from './qualifier.parser';
export { MAX_QUERY_LENGTH, MAX_QUERY_TOKENS } from './query.tokenizer';
export { QUALIFIER_NAMES } from './qualifier.registry';
export { mergeSearchFilter, normalizeFilterInput, intersectFilters, MAX_FILTER_VALUES } from './filter-merge';
export { resolveProjectRefs, projectRefsToResolve } from './project-ref.resolver';
export type { MeiliFilterAttribute } from './meili-filter.builder';
export { buildMeiliFilter, escapeMeiliValue, MEILI_FILTERABLE_ATTRIBUTES } from './meili-filter.builder';
