/** Small coercions shared by the format parsers. */

/** Decimal string for a seed given as number, bigint-safe string, or numeric string. */
export function seedToString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value)) {
    // Above 2^53 the number was already rounded by someone else; still print digits, not 1e+21.
    return BigInt(value).toString();
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return value.trim();
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
