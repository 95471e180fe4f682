import { BadCursorError, SearchSortField } from './search-engine.port';

/**
 * Keyset cursor shared by the adapters: the sort it belongs to, the score (text form, exact),
 * the sort key (text form, exact — timestamptz text keeps microseconds) and the id tiebreak.
 */
export interface SearchCursor {
  sort: SearchSortField;
  dir: 'ASC' | 'DESC';
  score: string | null;
  key: string | null;
  id: string;
  /** Meilisearch relevance pages: offset (no keyset over a score there). */
  offset?: number;
}

export function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.dir, c.score, c.key, c.id, c.offset ?? null])).toString('base64url');
}

export function decodeSearchCursor(raw: string, sort: SearchSortField, dir: 'ASC' | 'DESC'): SearchCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError('after is not a valid cursor');
  }
  if (!Array.isArray(parts) || parts.length !== 6) throw new BadCursorError('after is not a valid cursor');
  const [s, d, score, key, id, offset] = parts as unknown[];
  if (s !== sort || d !== dir) throw new BadCursorError('after belongs to a different sort order');
  const okStr = (v: unknown) => v === null || (typeof v === 'string' && v.length <= 64);
  if (!okStr(score) || !okStr(key) || typeof id !== 'string' || id.length > 64) throw new BadCursorError('after is not a valid cursor');
  if (offset !== null && (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0)) throw new BadCursorError('after is not a valid cursor');
  return { sort, dir, score: score as string | null, key: key as string | null, id, offset: (offset as number | null) ?? undefined };
}
