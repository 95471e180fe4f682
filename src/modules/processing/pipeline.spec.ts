import { planNext, StepRowView, unitRun, withDependents } from './pipeline';
import { pickRendition } from './rendition-pick';

const rows = (states: Record<string, StepRowView['state']>, runs: Record<string, number> = {}): StepRowView[] =>
  Object.entries(states).map(([step, state]) => ({ step, state, run: runs[step] ?? 1 }));

const fresh = { probe: 'queued', render: 'queued', fingerprint: 'queued', embed: 'queued', tag: 'queued', index: 'queued' } as const;

describe('pipeline plan', () => {
  it('starts with probe alone', () => {
    expect(planNext(rows(fresh))).toEqual({ enqueue: [{ unit: 'probe', members: ['probe'], run: 1 }], skip: [] });
  });

  it('runs render, fingerprint and embed as ONE pixels job after probe', () => {
    const plan = planNext(rows({ ...fresh, probe: 'done' }));
    expect(plan.enqueue).toEqual([{ unit: 'pixels', members: ['render', 'fingerprint', 'embed'], run: 3 }]);
  });

  it('tags once render and fingerprint settle (a failure does not block), and indexes last', () => {
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'failed', fingerprint: 'failed', embed: 'failed' })).enqueue.map((u) => u.unit)).toEqual(['tag']);
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'done', fingerprint: 'running', embed: 'done' })).enqueue).toEqual([]);
    expect(planNext(rows({ probe: 'done', render: 'done', fingerprint: 'done', embed: 'done', tag: 'done', index: 'queued' })).enqueue.map((u) => u.unit)).toEqual(['index']);
  });

  it('skips everything that needs a failed probe, with a reason, and still indexes', () => {
    const plan = planNext(rows({ ...fresh, probe: 'failed' }));
    expect(plan.skip).toEqual(
      ['render', 'fingerprint', 'embed', 'tag'].map((step) => ({ step, reason: 'prerequisite probe failed' })),
    );
    expect(plan.enqueue.map((u) => u.unit)).toEqual(['index']);
  });

  it('gives a reprocessed group a new run signature (so a new job id)', () => {
    const before = unitRun('pixels', rows(fresh));
    const after = unitRun('pixels', rows(fresh, { fingerprint: 2 }));
    expect(after).toBeGreaterThan(before);
  });

  it('re-runs downstream steps with the chosen ones', () => {
    expect(withDependents(['fingerprint'])).toEqual(['fingerprint', 'tag', 'index']);
    expect(withDependents(['probe'])).toEqual(['probe', 'render', 'fingerprint', 'embed', 'tag', 'index']);
    expect(withDependents(['index'])).toEqual(['index']);
  });
});

describe('rendition pick', () => {
  const r = [1024, 256].map((size) => ({ size, width: size, height: size, key: `k${size}`, mime: 'image/webp' }));
  it('picks the smallest rendition at least as large as asked, else the largest', () => {
    expect(pickRendition(r, 100)?.size).toBe(256);
    expect(pickRendition(r, 256)?.size).toBe(256);
    expect(pickRendition(r, 300)?.size).toBe(1024);
    expect(pickRendition(r, 4000)?.size).toBe(1024);
    expect(pickRendition(null, 256)).toBeNull();
  });
});
