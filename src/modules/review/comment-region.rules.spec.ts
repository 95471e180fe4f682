import {
  COMMENT_BODY_MAX_LENGTH,
  CommentValidationError,
  ValidationResult,
  validateComment,
  validateCommentBody,
  validateRegion,
  validateTimeRange,
} from './comment-region.rules';

function errorsOf<T>(res: ValidationResult<T>): Array<Pick<CommentValidationError, 'field' | 'code'>> {
  return res.ok ? [] : res.errors.map(({ field, code }) => ({ field, code }));
}

describe('validateRegion', () => {
  it.each([
    { x: 0, y: 0, width: 1, height: 1 },
    { x: 0.25, y: 0.5, width: 0.5, height: 0.5 },
    { x: 1, y: 1, width: Number.MIN_VALUE, height: Number.MIN_VALUE },
    // Floating point: 0.7 + 0.3 and 0.1 + 0.9 must count as touching the edge exactly.
    { x: 0.7, y: 0.1, width: 0.3, height: 0.9 },
    { x: 0.2, y: 0.6, width: 0.8, height: 0.4 },
  ])('accepts %o', (region) => {
    expect(validateRegion(region)).toEqual({ ok: true, value: region });
  });

  it('returns only the four fields', () => {
    expect(validateRegion({ x: 0, y: 0, width: 1, height: 1, extra: 'x' })).toEqual({ ok: true, value: { x: 0, y: 0, width: 1, height: 1 } });
  });

  it.each([
    [{ x: -0.01, y: 0, width: 0.5, height: 0.5 }, [{ field: 'region.x', code: 'OUT_OF_RANGE' }]],
    [{ x: 0, y: 1.01, width: 0.5, height: 0.5 }, [{ field: 'region.y', code: 'OUT_OF_RANGE' }]],
    [{ x: 0, y: 0, width: 0, height: 0.5 }, [{ field: 'region.width', code: 'EMPTY_AREA' }]],
    [{ x: 0, y: 0, width: 0.5, height: -1 }, [{ field: 'region.height', code: 'EMPTY_AREA' }]],
    [{ x: 0, y: 0, width: 1.5, height: 0.5 }, [{ field: 'region.width', code: 'OUT_OF_RANGE' }]],
    [{ x: 0.6, y: 0, width: 0.5, height: 0.5 }, [{ field: 'region.width', code: 'EXCEEDS_BOUNDS' }]],
    [{ x: 0, y: 0.9, width: 0.5, height: 0.2 }, [{ field: 'region.height', code: 'EXCEEDS_BOUNDS' }]],
    [{ x: 1, y: 0, width: 1e-6, height: 0.5 }, [{ field: 'region.width', code: 'EXCEEDS_BOUNDS' }]],
    [{ x: Number.NaN, y: 0, width: 0.5, height: 0.5 }, [{ field: 'region.x', code: 'NOT_A_NUMBER' }]],
    [{ x: 0, y: Number.POSITIVE_INFINITY, width: 0.5, height: 0.5 }, [{ field: 'region.y', code: 'NOT_A_NUMBER' }]],
    [{ x: '0.1', y: 0, width: 0.5, height: 0.5 }, [{ field: 'region.x', code: 'NOT_A_NUMBER' }]],
    [{ y: 0, width: 0.5, height: 0.5 }, [{ field: 'region.x', code: 'REQUIRED' }]],
    [
      { x: -1, y: 2, width: 0, height: Number.NaN },
      [
        { field: 'region.height', code: 'NOT_A_NUMBER' },
        { field: 'region.x', code: 'OUT_OF_RANGE' },
        { field: 'region.y', code: 'OUT_OF_RANGE' },
        { field: 'region.width', code: 'EMPTY_AREA' },
      ],
    ],
  ])('rejects %o', (region, errors) => {
    expect(errorsOf(validateRegion(region))).toEqual(errors);
  });

  it.each([null, undefined, 'x', 3, [0, 0, 1, 1]])('rejects a non-object %p', (region) => {
    expect(errorsOf(validateRegion(region))).toEqual([{ field: 'region', code: 'REQUIRED' }]);
  });

  it('uses the given path in field names and messages', () => {
    const res = validateRegion({ x: 0, y: 0, width: 2, height: 1 }, 'input.region');
    expect(res).toEqual({ ok: false, errors: [{ field: 'input.region.width', code: 'OUT_OF_RANGE', message: 'input.region.width must be at most 1' }] });
  });
});

describe('validateTimeRange', () => {
  it('accepts whole non-negative milliseconds with end > start', () => {
    expect(validateTimeRange({ startMs: 0, endMs: 1 })).toEqual({ ok: true, value: { startMs: 0, endMs: 1 } });
    expect(validateTimeRange({ startMs: 1000, endMs: 5000 }, { durationMs: 5000 })).toEqual({ ok: true, value: { startMs: 1000, endMs: 5000 } });
  });

  it('skips the duration bound when the duration is unknown', () => {
    expect(validateTimeRange({ startMs: 0, endMs: 10_000_000 }, { durationMs: null }).ok).toBe(true);
    expect(validateTimeRange({ startMs: 0, endMs: 10_000_000 }).ok).toBe(true);
  });

  it.each([
    [{ startMs: 5, endMs: 5 }, undefined, [{ field: 'timeRange.endMs', code: 'INVALID_ORDER' }]],
    [{ startMs: 6, endMs: 5 }, undefined, [{ field: 'timeRange.endMs', code: 'INVALID_ORDER' }]],
    [{ startMs: -1, endMs: 5 }, undefined, [{ field: 'timeRange.startMs', code: 'OUT_OF_RANGE' }]],
    [{ startMs: 0.5, endMs: 5 }, undefined, [{ field: 'timeRange.startMs', code: 'NOT_AN_INTEGER' }]],
    [{ startMs: 0, endMs: 2 ** 53 }, undefined, [{ field: 'timeRange.endMs', code: 'NOT_AN_INTEGER' }]],
    [{ startMs: 0, endMs: Number.NaN }, undefined, [{ field: 'timeRange.endMs', code: 'NOT_A_NUMBER' }]],
    [{ startMs: 0 }, undefined, [{ field: 'timeRange.endMs', code: 'REQUIRED' }]],
    [{ startMs: 0, endMs: 5001 }, 5000, [{ field: 'timeRange.endMs', code: 'EXCEEDS_DURATION' }]],
    [
      { startMs: '1', endMs: -2 },
      undefined,
      [
        { field: 'timeRange.startMs', code: 'NOT_A_NUMBER' },
        { field: 'timeRange.endMs', code: 'OUT_OF_RANGE' },
      ],
    ],
  ])('rejects %o (duration %p)', (range, durationMs, errors) => {
    expect(errorsOf(validateTimeRange(range, { durationMs }))).toEqual(errors);
  });

  it('rejects a non-object', () => {
    expect(errorsOf(validateTimeRange('0-5'))).toEqual([{ field: 'timeRange', code: 'REQUIRED' }]);
  });
});

describe('validateCommentBody', () => {
  it('trims and keeps newlines and tabs', () => {
    expect(validateCommentBody('  line one\n\tline two  \n')).toEqual({ ok: true, value: 'line one\n\tline two' });
  });

  it('normalises CRLF and CR to LF', () => {
    expect(validateCommentBody('a\r\nb\rc')).toEqual({ ok: true, value: 'a\nb\nc' });
  });

  it.each(['', '   ', '\n\t \r\n'])('rejects blank %p', (body) => {
    expect(errorsOf(validateCommentBody(body))).toEqual([{ field: 'body', code: 'TOO_SHORT' }]);
  });

  it.each([undefined, null, 42, {}])('rejects non-string %p', (body) => {
    expect(errorsOf(validateCommentBody(body))).toEqual([{ field: 'body', code: 'REQUIRED' }]);
  });

  it.each(['\u0000', '\u0007', '\u000B', '\u000C', '\u001B[31m', '\u007F', '\u0085', '\u009F', '\uD800'])(
    'rejects control/invalid character %j',
    (ch) => {
      expect(errorsOf(validateCommentBody(`hello ${ch} world`))).toEqual([{ field: 'body', code: 'INVALID_CHARACTERS' }]);
    },
  );

  it('counts code points: 5000 emoji fit, 5001 characters do not', () => {
    expect(validateCommentBody('😀'.repeat(COMMENT_BODY_MAX_LENGTH)).ok).toBe(true);
    expect(validateCommentBody('a'.repeat(COMMENT_BODY_MAX_LENGTH)).ok).toBe(true);
    expect(errorsOf(validateCommentBody('a'.repeat(COMMENT_BODY_MAX_LENGTH + 1)))).toEqual([{ field: 'body', code: 'TOO_LONG' }]);
    expect(errorsOf(validateCommentBody('😀'.repeat(COMMENT_BODY_MAX_LENGTH + 1)))).toEqual([{ field: 'body', code: 'TOO_LONG' }]);
    expect(errorsOf(validateCommentBody('x'.repeat(5_000_000)))).toEqual([{ field: 'body', code: 'TOO_LONG' }]);
  });

  it('measures the length after trimming', () => {
    expect(validateCommentBody(`   ${'a'.repeat(COMMENT_BODY_MAX_LENGTH)}   `).ok).toBe(true);
  });

  it('accepts ordinary Unicode text', () => {
    expect(validateCommentBody('Farbe stimmt nicht — 色が違う 👍').ok).toBe(true);
  });
});

describe('validateComment', () => {
  it('returns the normalised comment; region and time range are optional', () => {
    expect(validateComment({ body: ' ok ' })).toEqual({ ok: true, value: { body: 'ok', region: null, timeRange: null } });
    expect(validateComment({ body: 'x', region: null, timeRange: undefined })).toEqual({ ok: true, value: { body: 'x', region: null, timeRange: null } });
    expect(
      validateComment({ body: 'the hand', region: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, timeRange: { startMs: 100, endMs: 900 } }, { durationMs: 1000 }),
    ).toEqual({ ok: true, value: { body: 'the hand', region: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 }, timeRange: { startMs: 100, endMs: 900 } } });
  });

  it('reports every invalid field at once', () => {
    const res = validateComment({ body: ' ', region: { x: 0.9, y: 0, width: 0.2, height: 0.1 }, timeRange: { startMs: 0, endMs: 2000 } }, { durationMs: 1000 });
    expect(errorsOf(res)).toEqual([
      { field: 'body', code: 'TOO_SHORT' },
      { field: 'region.width', code: 'EXCEEDS_BOUNDS' },
      { field: 'timeRange.endMs', code: 'EXCEEDS_DURATION' },
    ]);
    if (!res.ok) for (const e of res.errors) expect(e.message).toContain(e.field);
  });
});
