/** The requested byte range starts at or past the end of the object (HTTP 416). */
export class InvalidRangeError extends Error {
  constructor(
    readonly key: string,
    readonly range: { start: number; end?: number },
  ) {
    super(`range not satisfiable for ${key}: ${range.start}-${range.end ?? ''}`);
    this.name = 'InvalidRangeError';
  }
}

/** Validates a `get` range up front so both adapters reject the same inputs. */
export function assertValidRange(range: { start: number; end?: number }): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new RangeError(`invalid byte range: ${start}-${end ?? ''}`);
  }
}

/** The body carried a different number of bytes than the caller declared. */
export class SizeMismatchError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`size mismatch for ${key}: declared ${expected} bytes, got ${actual}`);
    this.name = 'SizeMismatchError';
  }
}
