import { invalidEventPattern, matchesEvent } from './webhook-events';

describe('webhook event patterns', () => {
  it('matches exact topics, prefixes and the wildcard', () => {
    expect(matchesEvent(['asset.status_changed'], 'asset.status_changed')).toBe(true);
    expect(matchesEvent(['asset.status_changed'], 'asset.commented')).toBe(false);
    expect(matchesEvent(['asset.*'], 'asset.commented')).toBe(true);
    expect(matchesEvent(['asset.*'], 'assets.commented')).toBe(false);
    expect(matchesEvent(['asset.*'], 'stack.changed')).toBe(false);
    expect(matchesEvent(['*'], 'stack.changed')).toBe(true);
  });

  it('rejects empty lists and malformed names', () => {
    expect(invalidEventPattern([])).toMatch(/at least one/);
    expect(invalidEventPattern(['Asset Approved'])).toMatch(/not an event name/);
    expect(invalidEventPattern(['asset.**'])).toMatch(/not an event name/);
    expect(invalidEventPattern(['asset.status_changed', 'asset.*', '*'])).toBeNull();
  });
});
