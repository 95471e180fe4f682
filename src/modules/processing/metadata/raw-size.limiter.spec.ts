import { limitRawSize, TRUNCATION_MARKER } from './raw-size.limiter';

describe('limitRawSize', () => {
  it('leaves small raw data untouched', () => {
    const raw = { a: 'x', b: { c: [1, 2] } };
    expect(limitRawSize(raw)).toEqual(raw);
  });
  it('cuts long strings with a marker and stays under the byte cap', () => {
    const raw = { workflow: 'w'.repeat(200_000), prompt: 'p'.repeat(20_000), small: 'ok' };
    const out = limitRawSize(raw, 64 * 1024);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(64 * 1024);
    expect(String(out['workflow'])).toContain(TRUNCATION_MARKER);
    expect(out['small']).toBe('ok');
  });
  it('replaces the biggest entries when many medium strings overflow', () => {
    const raw: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) raw[`k${i}`] = 'v'.repeat(10_000 + i);
    const out = limitRawSize(raw, 64 * 1024);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(64 * 1024);
    expect(out['k9']).toMatchObject({ truncated: true });
    expect(out['k0']).toBe('v'.repeat(10_000));
  });
});
