import { NormalizedFilter } from './search-filter.model';
import { SearchQueryError } from './search-query.error';

/** Every `project:` / `-project:` value the service must look up (by id or slug) in the workspace. */
export function projectRefsToResolve(f: NormalizedFilter): string[] {
  return [...new Set([...f.projectRefs, ...f.notProjectRefs])];
}

/**
 * Replaces project refs by ids once the service has looked them up within the caller's workspace
 * (`resolved`: ref → project id). Positive refs are any-of and intersect with `projectIds` from
 * the explicit filter. An unknown ref is a BAD_USER_INPUT error: dropping it would widen the search.
 */
export function resolveProjectRefs(f: NormalizedFilter, resolved: ReadonlyMap<string, string>): NormalizedFilter {
  const lookup = (ref: string): string => {
    const id = resolved.get(ref);
    if (id === undefined) {
      throw new SearchQueryError(`Unknown project "${ref}" for project: — no project with that id or slug`, {
        qualifier: 'project',
        value: ref,
      });
    }
    return id;
  };
  const refIds = [...new Set(f.projectRefs.map(lookup))];
  const notIds = [...new Set([...f.notProjectIds, ...f.notProjectRefs.map(lookup)])];
  let projectIds = f.projectIds;
  let matchesNothing = f.matchesNothing;
  if (refIds.length > 0) {
    projectIds = f.projectIds.length === 0 ? refIds : f.projectIds.filter((id) => refIds.includes(id));
    if (projectIds.length === 0) matchesNothing = true;
  }
  return { ...f, projectIds, notProjectIds: notIds, projectRefs: [], notProjectRefs: [], matchesNothing };
}
