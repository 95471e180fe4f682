import { InitialSchema1764540000000 } from './1764540000000-initial-schema';

/** Every migration, in order. The data source imports this list (no globbing: works the same compiled or under Jest). */
export const MIGRATIONS = [InitialSchema1764540000000];
