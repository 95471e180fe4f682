import { jobRun, nextWave, PIPELINE, PIPELINE_JOBS, planNext, StepRowView, stepDef, withDependents } from './pipeline';
import { pickRendition } from './rendition-pick';

const rows = (states: Record<string, StepRowView['state']>, runs: Record<string, number> = {}): StepRowView[] =>
  Object.entries(states).map(([step, state]) => ({ step, state, run: runs[step] ?? 1 }));

const fresh = { probe: 'queued', render: 'queued', fingerprint: 'queued', embed: 'queued', tag: 'queued', index: 'queued' } as const;

describe('pipeline plan', () => {
  it('starts with probe alone, in the asset job', () => {
    expect(planNext(rows(fresh))).toEqual({ ready: ['probe'], jobs: [{ job: 'asset', run: 6 }], skip: [] });
  });

  it('makes render, fingerprint and embed ready together after probe (one wave of the job)', () => {
    const plan = planNext(rows({ ...fresh, probe: 'done' }));
    expect(plan.ready).toEqual(['render', 'fingerprint', 'embed']);
    expect(plan.jobs).toEqual([{ job: 'asset', run: 6 }]);
  });

  it('tags once render and fingerprint settle (a failure does not block), and indexes last', () => {
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'failed', fingerprint: 'failed', embed: 'failed' })).ready).toEqual(['tag']);
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'done', fingerprint: 'running', embed: 'done' })).ready).toEqual([]);
    const last = planNext(rows({ probe: 'done', render: 'done', fingerprint: 'done', embed: 'done', tag: 'done', index: 'queued' }));
    expect(last.ready).toEqual(['index']);
    expect(last.jobs).toEqual([{ job: 'asset', run: 6 }]);
  });

  it('skips everything that needs a failed probe, with a reason, and still indexes', () => {
    const plan = planNext(rows({ ...fresh, probe: 'failed' }));
    expect(plan.skip).toEqual(
      ['render', 'fingerprint', 'embed', 'tag'].map((step) => ({ step, reason: 'prerequisite probe failed' })),
    );
    expect(plan.ready).toEqual(['index']);
    expect(plan.jobs.map((j) => j.job)).toEqual(['asset']);
  });

  it('treats running steps as runnable only when asked (a redelivered job resumes them)', () => {
    const crashed = rows({ ...fresh, probe: 'done', render: 'running', fingerprint: 'running', embed: 'running' });
    expect(planNext(crashed).ready).toEqual([]);
    expect(planNext(crashed, ['queued', 'running']).ready).toEqual(['render', 'fingerprint', 'embed']);
  });

  it('gives a job a new run signature when any member is reprocessed (so a new job id)', () => {
    expect(jobRun('asset', rows(fresh, { fingerprint: 2 }))).toBeGreaterThan(jobRun('asset', rows(fresh)));
    expect(jobRun('asset', rows(fresh, { index: 3 }))).toBeGreaterThan(jobRun('asset', rows(fresh, { index: 2 })));
  });

  it('puts every step in exactly one job, and dependencies never point at a later job', () => {
    expect(PIPELINE_JOBS).toEqual(['asset']);
    for (const def of PIPELINE) {
      for (const dep of [...def.after, ...def.afterSettled]) {
        expect(PIPELINE_JOBS.indexOf(stepDef(dep).job)).toBeLessThanOrEqual(PIPELINE_JOBS.indexOf(def.job));
      }
    }
  });

  describe('waves', () => {
    const running = ['queued', 'running'] as const;
    const wave = (r: StepRowView[], effectOnly: string[], ahead: string[] = []) =>
      nextWave(planNext(r, running), r, 'asset', running, { effectOnly: (s) => effectOnly.includes(s), runsAhead: (s) => ahead.includes(s) });
    const afterPixels = { probe: 'done', render: 'done', fingerprint: 'done', embed: 'done', tag: 'queued', index: 'queued' } as const;
    const pixels = ['render', 'fingerprint', 'embed'];

    it('lets effect-only tag and index join the pixel steps they wait for, in pipeline order', () => {
      expect(wave(rows(fresh), ['tag', 'index'])).toEqual({ steps: ['probe'], joined: [], ahead: [] });
      expect(wave(rows({ ...fresh, probe: 'done' }), ['tag', 'index'])).toEqual({
        steps: ['render', 'fingerprint', 'embed', 'tag', 'index'], joined: ['tag', 'index'], ahead: [],
      });
    });

    it('keeps a step that is not effect-only (tag asking a vision tagger) in a wave of its own, index behind it', () => {
      expect(wave(rows({ ...fresh, probe: 'done' }), ['index'])).toEqual({ steps: ['render', 'fingerprint', 'embed'], joined: [], ahead: [] });
      expect(wave(rows(afterPixels), ['index'])).toEqual({ steps: ['tag', 'index'], joined: ['index'], ahead: [] });
    });

    it('joins only when every unsettled prerequisite is in the wave', () => {
      expect(wave(rows({ ...afterPixels, tag: 'failed' }), ['tag', 'index'])).toEqual({ steps: ['index'], joined: [], ahead: [] });
      expect(wave(rows({ ...fresh, probe: 'done', render: 'done' }), ['tag', 'index'])).toEqual({
        steps: ['fingerprint', 'embed', 'tag', 'index'], joined: ['tag', 'index'], ahead: [],
      });
    });

    it('runs steps that need only their prerequisites\' success beside them: one wave for an image', () => {
      expect(wave(rows(fresh), ['tag', 'index'], pixels)).toEqual({
        steps: ['probe', 'render', 'fingerprint', 'embed', 'tag', 'index'], joined: ['tag', 'index'], ahead: pixels,
      });
      // Without them (a video), tag and index cannot join probe's wave: they wait for the pixel steps.
      expect(wave(rows(fresh), ['tag', 'index'])).toEqual({ steps: ['probe'], joined: [], ahead: [] });
      // A failed probe: the pixel steps are skipped, never run ahead.
      expect(wave(rows({ ...fresh, probe: 'failed' }), ['tag', 'index'], pixels)).toEqual({ steps: ['index'], joined: [], ahead: [] });
    });
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
