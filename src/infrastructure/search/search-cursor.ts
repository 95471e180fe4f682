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
  /**
   * Postgres ranked text pages: tier 0 = the ranked window (newest matches up to the window
   * boundary `key`/`id`, null = every match), tier 1 = older matches by time (docs/search.md).
   */
  win?: { tier: 0 | 1; key: string | null; id: string | null };
}

export function encodeSearchCursor(c: SearchCursor): string {
  const parts: unknown[] = [c.sort, c.dir, c.score, c.key, c.id, c.offset ?? null];
  if (c.win) parts.push([c.win.tier, c.win.key, c.win.id]);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeSearchCursor(raw: string, sort: SearchSortField, dir: 'ASC' | 'DESC'): SearchCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError('after is not a valid cursor');
  }
  if (!Array.isArray(parts) || (parts.length !== 6 && parts.length !== 7)) throw new BadCursorError('after is not a valid cursor');
  const [s, d, score, key, id, offset, win] = parts as unknown[];
  if (s !== sort || d !== dir) throw new BadCursorError('after belongs to a different sort order');
  const okStr = (v: unknown) => v === null || (typeof v === 'string' && v.length <= 64);
  if (!okStr(score) || !okStr(key) || typeof id !== 'string' || id.length > 64) throw new BadCursorError('after is not a valid cursor');
  if (offset !== null && (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0)) throw new BadCursorError('after is not a valid cursor');
  const out: SearchCursor = { sort, dir, score: score as string | null, key: key as string | null, id, offset: (offset as number | null) ?? undefined };
  if (win !== undefined) {
    if (!Array.isArray(win) || win.length !== 3 || (win[0] !== 0 && win[0] !== 1) || !okStr(win[1]) || !okStr(win[2])) {
      throw new BadCursorError('after is not a valid cursor');
    }
    out.win = { tier: win[0], key: win[1], id: win[2] };
  }
  return out;
}
