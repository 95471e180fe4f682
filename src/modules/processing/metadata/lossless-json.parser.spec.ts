import { parseJsonLossless, tryParseJsonLossless } from './lossless-json.parser';
import { seedToString } from './metadata-value.util';

describe('parseJsonLossless', () => {
  it('keeps unsafe integers as exact strings and leaves safe numbers alone', () => {
    const v = parseJsonLossless('{"a": 18446744073709551615, "b": 9007199254740991, "c": -12345678901234567890, "d": 1.5e3, "s": "18446744073709551615 in a string \\" ok"}') as Record<string, unknown>;
    expect(v).toEqual({ a: '18446744073709551615', b: 9007199254740991, c: '-12345678901234567890', d: 1500, s: '18446744073709551615 in a string " ok' });
  });
  it('maps Python NaN/Infinity to null and fails softly on garbage', () => {
    expect(parseJsonLossless('[NaN, Infinity, -Infinity, 1]')).toEqual([null, null, null, 1]);
    expect(tryParseJsonLossless('{oops')).toBeUndefined();
  });
  it('seedToString', () => {
    expect(seedToString(42)).toBe('42');
    expect(seedToString('18446744073709551615')).toBe('18446744073709551615');
    expect(seedToString(1e21)).toBe('1000000000000000000000');
    expect(seedToString(1.5)).toBeUndefined();
    expect(seedToString('abc')).toBeUndefined();
  });
});
