/** Event patterns a webhook subscribes to: an outbox topic ('asset.status_changed'), a prefix ('asset.*') or '*'. */
const PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
export const MAX_EVENT_PATTERNS = 50;

export function invalidEventPattern(patterns: readonly string[]): string | null {
  if (patterns.length === 0) return 'events must name at least one event (or "*")';
  if (patterns.length > MAX_EVENT_PATTERNS) return `events accepts at most ${MAX_EVENT_PATTERNS} entries`;
  const bad = patterns.find((p) => p.length > 100 || !PATTERN.test(p));
  return bad === undefined ? null : `"${bad.slice(0, 100)}" is not an event name, a "prefix.*" pattern or "*"`;
}

export function matchesEvent(patterns: readonly string[], topic: string): boolean {
  return patterns.some((p) => p === '*' || p === topic || (p.endsWith('.*') && topic.startsWith(p.slice(0, -1))));
}
