import { jobRun, nextWave, PIPELINE, PIPELINE_JOBS, planNext, StepRowView, stepDef, withDependents } from './pipeline';
import { pickRendition } from './rendition-pick';

const rows = (states: Record<string, StepRowView['state']>, runs: Record<string, number> = {}): StepRowView[] =>
  Object.entries(states).map(([step, state]) => ({ step, state, run: runs[step] ?? 1 }));

const fresh = { probe: 'queued', render: 'queued', fingerprint: 'queued', embed: 'queued', tag: 'queued', index: 'queued' } as const;

describe('pipeline plan', () => {
  it('starts with probe alone, in the media job', () => {
    expect(planNext(rows(fresh))).toEqual({ ready: ['probe'], jobs: [{ job: 'media', run: 4 }], skip: [] });
  });

  it('makes render, fingerprint and embed ready together after probe (one wave of the media job)', () => {
    const plan = planNext(rows({ ...fresh, probe: 'done' }));
    expect(plan.ready).toEqual(['render', 'fingerprint', 'embed']);
    expect(plan.jobs).toEqual([{ job: 'media', run: 4 }]);
  });

  it('tags once render and fingerprint settle (a failure does not block), and indexes last', () => {
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'failed', fingerprint: 'failed', embed: 'failed' })).ready).toEqual(['tag']);
    expect(planNext(rows({ ...fresh, probe: 'done', render: 'done', fingerprint: 'running', embed: 'done' })).ready).toEqual([]);
    const last = planNext(rows({ probe: 'done', render: 'done', fingerprint: 'done', embed: 'done', tag: 'done', index: 'queued' }));
    expect(last.ready).toEqual(['index']);
    expect(last.jobs).toEqual([{ job: 'describe', run: 2 }]);
  });

  it('skips everything that needs a failed probe, with a reason, and still indexes', () => {
    const plan = planNext(rows({ ...fresh, probe: 'failed' }));
    expect(plan.skip).toEqual(
      ['render', 'fingerprint', 'embed', 'tag'].map((step) => ({ step, reason: 'prerequisite probe failed' })),
    );
    expect(plan.ready).toEqual(['index']);
    expect(plan.jobs.map((j) => j.job)).toEqual(['describe']);
  });

  it('treats running steps as runnable only when asked (a redelivered job resumes them)', () => {
    const crashed = rows({ ...fresh, probe: 'done', render: 'running', fingerprint: 'running', embed: 'running' });
    expect(planNext(crashed).ready).toEqual([]);
    expect(planNext(crashed, ['queued', 'running']).ready).toEqual(['render', 'fingerprint', 'embed']);
  });

  it('gives a job a new run signature when any member is reprocessed (so a new job id)', () => {
    expect(jobRun('media', rows(fresh, { fingerprint: 2 }))).toBeGreaterThan(jobRun('media', rows(fresh)));
    expect(jobRun('describe', rows(fresh, { fingerprint: 2 }))).toBe(jobRun('describe', rows(fresh)));
  });

  it('puts every step in exactly one job, and dependencies never point at a later job', () => {
    expect(PIPELINE_JOBS).toEqual(['media', 'describe']);
    for (const def of PIPELINE) {
      for (const dep of [...def.after, ...def.afterSettled]) {
        expect(PIPELINE_JOBS.indexOf(stepDef(dep).job)).toBeLessThanOrEqual(PIPELINE_JOBS.indexOf(def.job));
      }
    }
  });

  it('lets index (effect-only) join the wave of the tag step it waits for, and only then', () => {
    const afterMedia = { probe: 'done', render: 'done', fingerprint: 'done', embed: 'done', tag: 'queued', index: 'queued' } as const;
    const wave = (r: StepRowView[], job: 'media' | 'describe') => nextWave(planNext(r, ['queued', 'running']), r, job, ['queued', 'running']);
    expect(wave(rows(afterMedia), 'describe')).toEqual({ steps: ['tag', 'index'], joined: ['index'] });
    expect(wave(rows({ ...afterMedia, tag: 'failed' }), 'describe')).toEqual({ steps: ['index'], joined: [] });
    expect(wave(rows({ ...afterMedia, render: 'running' }), 'describe')).toEqual({ steps: [], joined: [] });
    expect(wave(rows(fresh), 'media')).toEqual({ steps: ['probe'], joined: [] });
    expect(wave(rows({ ...fresh, probe: 'done' }), 'media')).toEqual({ steps: ['render', 'fingerprint', 'embed'], joined: [] });
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
