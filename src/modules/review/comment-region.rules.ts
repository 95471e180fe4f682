/**
 * Validation rules for review comments: the optional image region, the optional video time
 * range and the body. Pure TypeScript: the service calls these after class-validator has
 * checked shapes, and maps the typed errors to the GraphQL error union.
 */

/** A rectangle in normalised image coordinates: (0,0) is top-left, (1,1) bottom-right. */
export interface CommentRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A span of a video in whole milliseconds from the start of the clip; endMs > startMs. */
export interface CommentTimeRange {
  startMs: number;
  endMs: number;
}

export const COMMENT_BODY_MAX_LENGTH = 5000;

export type CommentValidationCode =
  | 'REQUIRED'
  | 'NOT_A_NUMBER'
  | 'NOT_AN_INTEGER'
  | 'OUT_OF_RANGE'
  | 'EMPTY_AREA'
  | 'EXCEEDS_BOUNDS'
  | 'INVALID_ORDER'
  | 'EXCEEDS_DURATION'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_CHARACTERS';

export interface CommentValidationError {
  /** Dotted path of the offending input, e.g. `region.width`, `timeRange.endMs`, `body`. */
  field: string;
  code: CommentValidationCode;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: CommentValidationError[] };

// x + width is computed in binary floating point (0.1 + 0.2 > 0.3); a rectangle drawn to
// the exact edge must not fail on rounding.
const EDGE_EPSILON = 1e-9;

function err(field: string, code: CommentValidationCode, message: string): CommentValidationError {
  return { field, code, message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finiteNumber(obj: Record<string, unknown>, key: string, path: string, errors: CommentValidationError[]): number | null {
  const v = obj[key];
  const field = `${path}.${key}`;
  if (v === undefined || v === null) {
    errors.push(err(field, 'REQUIRED', `${field} is required`));
    return null;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    errors.push(err(field, 'NOT_A_NUMBER', `${field} must be a finite number`));
    return null;
  }
  return v;
}

/**
 * A region must lie inside the unit square and have a positive area:
 * 0 ≤ x, y ≤ 1; 0 < width, height ≤ 1; x + width ≤ 1; y + height ≤ 1.
 * `path` prefixes field names (e.g. `input.region`) so errors point at the client's input.
 */
export function validateRegion(region: unknown, path = 'region'): ValidationResult<CommentRegion> {
  if (!isRecord(region)) return { ok: false, errors: [err(path, 'REQUIRED', `${path} must be an object {x, y, width, height}`)] };
  const errors: CommentValidationError[] = [];
  const x = finiteNumber(region, 'x', path, errors);
  const y = finiteNumber(region, 'y', path, errors);
  const width = finiteNumber(region, 'width', path, errors);
  const height = finiteNumber(region, 'height', path, errors);

  for (const [key, v] of [['x', x], ['y', y]] as const) {
    if (v !== null && (v < 0 || v > 1)) errors.push(err(`${path}.${key}`, 'OUT_OF_RANGE', `${path}.${key} must be between 0 and 1`));
  }
  for (const [key, v] of [['width', width], ['height', height]] as const) {
    if (v === null) continue;
    if (v <= 0) errors.push(err(`${path}.${key}`, 'EMPTY_AREA', `${path}.${key} must be greater than 0`));
    else if (v > 1) errors.push(err(`${path}.${key}`, 'OUT_OF_RANGE', `${path}.${key} must be at most 1`));
  }
  // Only meaningful once both parts are individually valid; the error names the extent.
  if (errors.length === 0 && x !== null && width !== null && x + width > 1 + EDGE_EPSILON) {
    errors.push(err(`${path}.width`, 'EXCEEDS_BOUNDS', `${path}.x + ${path}.width must be at most 1`));
  }
  if (errors.length === 0 && y !== null && height !== null && y + height > 1 + EDGE_EPSILON) {
    errors.push(err(`${path}.height`, 'EXCEEDS_BOUNDS', `${path}.y + ${path}.height must be at most 1`));
  }
  if (errors.length > 0 || x === null || y === null || width === null || height === null) return { ok: false, errors };
  return { ok: true, value: { x, y, width, height } };
}

function wholeMs(obj: Record<string, unknown>, key: string, path: string, errors: CommentValidationError[]): number | null {
  const v = finiteNumber(obj, key, path, errors);
  if (v === null) return null;
  const field = `${path}.${key}`;
  // Safe integers only: the column is bigint-compatible and JSON round-trips them exactly.
  if (!Number.isSafeInteger(v)) {
    errors.push(err(field, 'NOT_AN_INTEGER', `${field} must be a whole number of milliseconds`));
    return null;
  }
  if (v < 0) {
    errors.push(err(field, 'OUT_OF_RANGE', `${field} must be 0 or more`));
    return null;
  }
  return v;
}

/**
 * A time range must be whole, non-negative milliseconds with end > start and, when the
 * asset's duration is known, end ≤ duration. Unknown duration (probe not finished) skips
 * the bound rather than rejecting the comment.
 */
export function validateTimeRange(
  range: unknown,
  opts: { durationMs?: number | null | undefined; path?: string | undefined } = {},
): ValidationResult<CommentTimeRange> {
  const path = opts.path ?? 'timeRange';
  if (!isRecord(range)) return { ok: false, errors: [err(path, 'REQUIRED', `${path} must be an object {startMs, endMs}`)] };
  const errors: CommentValidationError[] = [];
  const startMs = wholeMs(range, 'startMs', path, errors);
  const endMs = wholeMs(range, 'endMs', path, errors);
  if (startMs !== null && endMs !== null) {
    if (endMs <= startMs) {
      errors.push(err(`${path}.endMs`, 'INVALID_ORDER', `${path}.endMs must be greater than ${path}.startMs`));
    } else if (typeof opts.durationMs === 'number' && Number.isFinite(opts.durationMs) && endMs > opts.durationMs) {
      errors.push(err(`${path}.endMs`, 'EXCEEDS_DURATION', `${path}.endMs must be at most the asset duration (${opts.durationMs} ms)`));
    }
  }
  if (errors.length > 0 || startMs === null || endMs === null) return { ok: false, errors };
  return { ok: true, value: { startMs, endMs } };
}

// C0 and C1 controls and DEL, except tab and line feed (CR is normalised away first).
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Lone UTF-16 surrogates cannot be stored as UTF-8 text (Postgres would reject or mangle them).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Normalises and validates a comment body: CRLF/CR → LF, then trimmed; 1..5000 characters
 * counted as Unicode code points (what Postgres `char_length` counts), so an emoji is one.
 * Returns the value to store.
 */
export function validateCommentBody(body: unknown, path = 'body'): ValidationResult<string> {
  if (typeof body !== 'string') return { ok: false, errors: [err(path, 'REQUIRED', `${path} is required`)] };
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) return { ok: false, errors: [err(path, 'TOO_SHORT', `${path} must not be empty`)] };
  const tooLong = err(path, 'TOO_LONG', `${path} must be at most ${COMMENT_BODY_MAX_LENGTH} characters`);
  // Each code point is 1 or 2 UTF-16 units: past twice the limit it is too long for sure,
  // and a multi-megabyte body is refused before any regex walks it.
  if (text.length > 2 * COMMENT_BODY_MAX_LENGTH) return { ok: false, errors: [tooLong] };
  if (FORBIDDEN_CONTROL.test(text) || LONE_SURROGATE.test(text)) {
    return { ok: false, errors: [err(path, 'INVALID_CHARACTERS', `${path} must be plain text without control characters`)] };
  }
  if (text.length > COMMENT_BODY_MAX_LENGTH && Array.from(text).length > COMMENT_BODY_MAX_LENGTH) {
    return { ok: false, errors: [tooLong] };
  }
  return { ok: true, value: text };
}

export interface CommentInput {
  body: unknown;
  region?: unknown;
  timeRange?: unknown;
}

export interface ValidComment {
  body: string;
  region: CommentRegion | null;
  timeRange: CommentTimeRange | null;
}

/**
 * Validates a whole comment and reports every problem at once (a form can mark all fields).
 * `region` and `timeRange` are optional: null/undefined means "whole asset".
 */
export function validateComment(input: CommentInput, opts: { durationMs?: number | null | undefined } = {}): ValidationResult<ValidComment> {
  const errors: CommentValidationError[] = [];
  const body = validateCommentBody(input.body);
  if (!body.ok) errors.push(...body.errors);

  let region: CommentRegion | null = null;
  if (input.region !== undefined && input.region !== null) {
    const r = validateRegion(input.region);
    if (r.ok) region = r.value;
    else errors.push(...r.errors);
  }
  let timeRange: CommentTimeRange | null = null;
  if (input.timeRange !== undefined && input.timeRange !== null) {
    const t = validateTimeRange(input.timeRange, { durationMs: opts.durationMs });
    if (t.ok) timeRange = t.value;
    else errors.push(...t.errors);
  }
  if (errors.length > 0 || !body.ok) return { ok: false, errors };
  return { ok: true, value: { body: body.value, region, timeRange } };
}
