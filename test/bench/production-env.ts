import { randomBytes } from 'node:crypto';

/**
 * Benchmarks measure the app as deployed (docker/Dockerfile): NODE_ENV=production, set by the
 * npm scripts before anything loads, since graphql-js and Express pick their production code
 * paths at import time. Production requires a signing secret; a benchmark makes up its own.
 */
export function productionEnv(): void {
  if (process.env.NODE_ENV !== 'production') {
    throw new Error('benchmarks run with NODE_ENV=production: start them with npm run bench:…');
  }
  process.env.SIGNING_SECRET ??= randomBytes(32).toString('hex');
}
