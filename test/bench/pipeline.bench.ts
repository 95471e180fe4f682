/**
 * npm run bench:pipeline [-- --images 80 --rounds 3 --warmup 16 --concurrency 4 --scale 1]
 *
 * Pipeline throughput (ingested assets through queue, database and every step on a real worker
 * process) against the irreducible image work on the same images in the same run: one decode
 * plus the same WebP renditions encoded directly with sharp, no queue and no database.
 * Prints images/s for both, the ratio pipeline ÷ irreducible, and the worker's peak RSS.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import sharp from 'sharp';
import { setHeapGrowthPercent } from '../../src/common/runtime/heap-growth';
import { loadConfig } from '../../src/config/app-config';
import { migrateDatabase } from '../../src/infrastructure/database/migrate';
import { JobQueue } from '../../src/infrastructure/queue/job-queue.service';
import { decodeImage, renderThumbnails } from '../../src/modules/processing/analysis';
import { RENDITION_SIZES } from '../../src/modules/processing/pixels.step';
import { startApp } from '../support/app';
import { createProject, ingest } from '../support/ingest';
import { recreateDatabase } from '../support/services';
import { writeReport } from './bench-report';
import { productionEnv } from './production-env';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const IMAGES = Number(args.get('images') ?? 80);
const CONCURRENCY = Number(args.get('concurrency') ?? process.env.PROCESSING_CONCURRENCY ?? 4);
/** Image size factor: e.g. 0.05 makes 51–102 px images, where pixel work is negligible and the figures are orchestration. */
const SCALE = Number(args.get('scale') ?? 1);
/**
 * Images each side processes before it is measured (other images than the measured ones): a
 * worker runs for hours, so its steady state is what counts, not V8 compiling its hot code.
 */
const WARMUP = Number(args.get('warmup') ?? 16);
/** Pipeline batches, each followed by a baseline run: the figures are over all of them. */
const ROUNDS = Number(args.get('rounds') ?? 3);
const LIMIT_INPUT_PIXELS = 268_402_689;
/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these. */
const CLOCK_TICKS = 100;

/** Photo-like (smooth gradients, soft shapes, mild grain), 1024–2048 px long side, JPEG: not noise. */
async function photoLike(i: number): Promise<Buffer> {
  const long = Math.max(16, Math.round((1024 + ((i * 337) % 1025)) * SCALE));
  const [w, h] = i % 3 === 0 ? [Math.round(long * 0.75), long] : [long, Math.round(long * (i % 2 ? 0.5625 : 0.6667))];
  const hue = (i * 47) % 360;
  const shapes = Array.from({ length: 6 }, (_, k) => {
    const cx = ((i + 1) * (k + 3) * 131) % w;
    const cy = ((i + 2) * (k + 5) * 71) % h;
    return `<ellipse cx="${cx}" cy="${cy}" rx="${w / (4 + k)}" ry="${h / (5 + k)}" fill="hsl(${(hue + k * 53) % 360},${40 + k * 8}%,${35 + k * 7}%)" opacity="0.55" filter="url(#b)"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,75%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},45%,25%)"/></linearGradient>
    <filter id="b"><feGaussianBlur stdDeviation="${(8 + (i % 5) * 4) * SCALE}"/></filter></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  const base = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
  // Mild sensor-like grain so the JPEG carries photographic texture.
  for (let p = 0; p < base.data.length; p += 7) base.data[p] = Math.max(0, Math.min(255, base.data[p] + ((p * 2654435761) % 13) - 6));
  return sharp(base.data, { raw: base.info }).jpeg({ quality: 88 }).toBuffer();
}

function threadList(threads: Record<string, number>): string {
  return Object.entries(threads).filter(([, ms]) => ms > 0).map(([name, ms]) => `${name} ${Math.round(ms)}`).join(', ');
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** The irreducible work: read the bytes, decode once, encode the same renditions. */
async function irreducible(files: Buffer[]): Promise<{ seconds: number; cpuSeconds: number; threads: Record<string, number> }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const threads = await threadCpuSeconds(process.pid);
  await pool(files, CONCURRENCY, async (bytes) => {
    const img = await decodeImage(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS });
    await renderThumbnails(img, RENDITION_SIZES);
  });
  const used = process.cpuUsage(cpu);
  const after = await threadCpuSeconds(process.pid);
  for (const [name, s] of Object.entries(after)) after[name] = Math.round(((s - (threads[name] ?? 0)) * 1000) / files.length);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6, threads: after };
}

/** User + system CPU seconds of these processes (all their threads: libvips work included). */
async function cpuSeconds(pids: number[]): Promise<number> {
  const ticks = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/stat`, 'utf8').then(
        (s) => s.slice(s.lastIndexOf(')') + 2).split(' ').slice(11, 13).reduce((t, x) => t + Number(x), 0),
        () => 0, // exited in between
      ),
    ),
  );
  return ticks.reduce((a, b) => a + b, 0) / CLOCK_TICKS;
}

/** CPU seconds of one process by thread name (libvips workers, libuv pool, main thread, GC helpers). */
async function threadCpuSeconds(pid: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const tid of tids) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '').trim() || '?';
    const name = tid === String(pid) ? 'main' : comm;
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).reduce((t, x) => t + Number(x), 0);
    out[name] = (out[name] ?? 0) + ticks / CLOCK_TICKS;
  }
  return out;
}

/**
 * Postgres processes working for this bench: the backends connected to its database, and the
 * server's background processes (WAL writer, checkpointer…). Backends of other databases are left
 * out, so other work on a shared machine does not count as the pipeline's.
 */
async function postgresPids(database: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const cmdlines = await Promise.all(pids.map((p) => readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')));
  return pids
    .filter((_, i) => {
      const cmd = cmdlines[i].replace(/\0/g, ' ');
      if (!cmd.startsWith('postgres:')) return false;
      const backend = /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(cmd);
      return !backend || cmd.includes(` ${database} `);
    })
    .map(Number);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function peakRssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? NaN) / 1024);
}

async function main(): Promise<void> {
  productionEnv();
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/lightbox_bench_pipeline';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  // The irreducible side runs under the same V8 heap policy as the worker (main.ts sets it there),
  // so the ratio compares the work, not two garbage-collector settings.
  const heapGrowthPercent = loadConfig().processing.heapGrowthPercent;
  setHeapGrowthPercent(heapGrowthPercent);
  await recreateDatabase(process.env.DATABASE_URL);
  const database = new URL(process.env.DATABASE_URL).pathname.slice(1);
  await migrateDatabase(process.env.DATABASE_URL);
  const prefix = `bench-pipeline-${randomUUID().slice(0, 8)}`;
  const storageDir = await mkdtemp(join(tmpdir(), 'lightbox-bench-'));

  process.stdout.write(`generating ${IMAGES} photo-like images (1024–2048 px)…\n`);
  const files: Buffer[] = [];
  for (let i = 0; i < IMAGES; i++) files.push(await photoLike(i));
  const warmup: Buffer[] = [];
  for (let i = 0; i < WARMUP; i++) warmup.push(await photoLike(IMAGES + i));
  const mpx = (await Promise.all(files.map((f) => sharp(f).metadata()))).reduce((s, m) => s + (m.width! * m.height!) / 1e6, 0);

  // Warm-up (sharp/libvips initialisation, V8 compiling the hot code), then the baseline.
  await irreducible(warmup);
  const baseRuns = [await irreducible(files)];
  process.stdout.write(`irreducible: ${(IMAGES / baseRuns[0].seconds).toFixed(2)} images/s\n`);

  const api = await startApp({ ROLE: 'api', QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir });
  const queue = api.app.get(JobQueue).queue('processing');
  let worker: ChildProcess | null = null;
  try {
    // The worker boots first (its boot is not pipeline work) against a paused queue, so the CPU
    // it and Postgres spend from resume to the last step is the pipeline's alone.
    // The worker compiled alongside this bench (not a fixed dist/): a concurrent rebuild elsewhere cannot swap it out.
    // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the worker; BENCH_WORKER_ENV
    // ("K=V K2=V2") sets worker-only environment, e.g. to compare PROCESSING_CONCURRENCY or UV_THREADPOOL_SIZE.
    const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    await queue.pause();
    worker = spawn(process.execPath, [...nodeArgs, join(__dirname, '../../src/main.js')], {
      env: { ...process.env, ROLE: 'worker', QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir, MIGRATE_ON_BOOT: 'false', PROCESSING_CONCURRENCY: String(CONCURRENCY), PROCESSING_HEAP_GROWTH_PERCENT: String(heapGrowthPercent), ...Object.fromEntries((process.env.BENCH_WORKER_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('='))) },
      stdio: ['ignore', nodeArgs.length ? 'inherit' : 'ignore', 'inherit'],
    });
    const pid = worker.pid!;
    await until(async () => (await queue.getWorkersCount()) > 0, 'the worker to connect');
    const drained = () => until(async () => (await api.sql(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`))[0].n === 0, 'the outbox to drain');
    let peak = 0;

    /** One batch through the pipeline, in a workspace of its own (so the same bytes are stored and processed again). */
    const round = async (batch: Buffer[], prompt: string) => {
      const ws = await api.workspace();
      const projectId = await createProject(api, ws.keys.contributor, 'Bench');
      for (let i = 0; i < batch.length; i++) await ingest(api, ws.keys.contributor, projectId, batch[i], { generation: { prompt: `${prompt}, photo ${i}` } });
      // The relay (in the worker) forwards the ingest events; let it finish before measuring.
      await drained();
      const before = { worker: await cpuSeconds([pid]), postgres: await cpuSeconds(await postgresPids(database)), threads: await threadCpuSeconds(pid) };
      await queue.resume();
      await until(async () => {
        peak = Math.max(peak, await peakRssMb(pid).catch(() => 0));
        const [{ open }] = await api.sql(`SELECT count(*)::int AS open FROM asset_processing_step WHERE workspace_id = $1 AND state IN ('queued', 'running')`, [ws.id]);
        return open === 0;
      }, 'the pipeline to finish', 170_000);
      await drained();
      await queue.pause();
      const threads = await threadCpuSeconds(pid);
      const [span] = await api.sql(
        `SELECT extract(epoch FROM max(finished_at) - min(started_at))::float AS seconds,
                count(*) FILTER (WHERE state = 'failed')::int AS failed FROM asset_processing_step WHERE workspace_id = $1`,
        [ws.id],
      );
      if (span.failed) throw new Error(`${span.failed} steps failed`);
      return {
        seconds: span.seconds as number,
        worker: (await cpuSeconds([pid])) - before.worker,
        postgres: (await cpuSeconds(await postgresPids(database))) - before.postgres,
        threads: Object.fromEntries(Object.entries(threads).map(([name, t]) => [name, t - (before.threads[name] ?? 0)])),
      };
    };

    // The worker's warm-up: other images, processed before anything is measured.
    await round(warmup, 'a blue kite over the dunes at noon');
    // Rounds alternate with the baseline, so drift in the machine's speed over the run affects both sides alike.
    const rounds: Awaited<ReturnType<typeof round>>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push(await round(files, 'a red balloon over the harbour at dusk'));
      baseRuns.push(await irreducible(files));
      process.stdout.write(`round ${r + 1}: pipeline ${(IMAGES / rounds[r].seconds).toFixed(2)} images/s, irreducible ${(IMAGES / baseRuns[r + 1].seconds).toFixed(2)} images/s\n`);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const measured = ROUNDS * IMAGES;
    const pipelineSeconds = sum(rounds.map((r) => r.seconds)) / ROUNDS;
    const cpu = { worker: sum(rounds.map((r) => r.worker)), postgres: sum(rounds.map((r) => r.postgres)) };
    const perImageMs = (runs: { threads: Record<string, number> }[], images: number) => {
      const names = [...new Set(runs.flatMap((r) => Object.keys(r.threads)))];
      return Object.fromEntries(names.map((n) => [n, Math.round((sum(runs.map((r) => r.threads[n] ?? 0)) * 1000) / images)] as const).filter(([, ms]) => ms > 0));
    };
    const workerThreads = perImageMs(rounds, measured);
    const base = { seconds: sum(baseRuns.map((r) => r.seconds)) / baseRuns.length, cpuSeconds: sum(baseRuns.map((r) => r.cpuSeconds)) / baseRuns.length };
    const baseSeconds = base.seconds;
    const pipeRate = IMAGES / pipelineSeconds;
    const baseRate = IMAGES / baseSeconds;
    const ratio = pipeRate / baseRate;
    // Each round against the baseline runs on either side of it: how much the machine moved the figure.
    const roundRatios = rounds.map((r, i) => +((IMAGES / r.seconds) / (IMAGES / ((baseRuns[i].seconds + baseRuns[i + 1].seconds) / 2))).toFixed(3));
    const figures = {
      at: new Date().toISOString(), images: IMAGES, warmup: WARMUP, scale: SCALE, megapixels: Math.round(mpx), concurrency: CONCURRENCY, cpus: cpus().length,
      irreducible: {
        seconds: baseSeconds, imagesPerSecond: baseRate, cpuMsPerImage: (base.cpuSeconds * 1000) / IMAGES, runs: baseRuns.map((r) => IMAGES / r.seconds),
        // irreducible() reports its threads in ms per image already: their mean over the runs.
        threadsCpuMsPerImage: perImageMs(baseRuns.map((r) => ({ threads: Object.fromEntries(Object.entries(r.threads).map(([n, ms]) => [n, ms / 1000])) })), baseRuns.length),
      },
      pipeline: {
        seconds: pipelineSeconds, imagesPerSecond: pipeRate, peakWorkerRssMb: Math.round(peak),
        cpuMsPerImage: { worker: (cpu.worker * 1000) / measured, postgres: (cpu.postgres * 1000) / measured },
        // Worker CPU per image by thread name: libvips's own workers, node's main thread and libuv pool, V8 helpers.
        workerThreadsCpuMsPerImage: workerThreads,
      },
      ratio,
      roundRatios,
      // The same comparison in CPU time, which other load on the machine disturbs less than wall time.
      cpuRatio: base.cpuSeconds / ((cpu.worker + cpu.postgres) / ROUNDS),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    // Only the standard images are the benchmark of record; scaled runs print their figures alone.
    if (SCALE === 1) await writeReport('pipeline', figures, `
## Processing pipeline (\`npm run bench:pipeline\`)

${IMAGES} generated photo-like JPEGs, 1024–2048 px long side (${Math.round(mpx)} MP in total), concurrency ${CONCURRENCY}, ${cpus().length} cores, fs storage, one worker process (NODE_ENV=production, as deployed).
Irreducible = one decode + the same 256/1024 WebP renditions with sharp, no queue, no database, same concurrency.
Both processes run under the worker's V8 heap policy (PROCESSING_HEAP_GROWTH_PERCENT=${heapGrowthPercent}; docs/processing.md, "Memory and garbage collection").
${ROUNDS} rounds: the pipeline processes the images (each round in a workspace of its own), then the irreducible run follows; one more irreducible run comes first. Figures are over all rounds and runs.
Both sides first process ${WARMUP} other images, not measured, so the figures are steady state: a worker runs for hours.
Pipeline = every step (probe with metadata/C2PA scan, render, fingerprint, embed, tag, index) through BullMQ and Postgres,
timed from the first step's start to the last step's finish.

| run | images/s | seconds | CPU ms per image |
|---|---|---|---|
| irreducible (decode + renditions), mean of the runs | ${baseRate.toFixed(2)} | ${baseSeconds.toFixed(1)} | ${figures.irreducible.cpuMsPerImage.toFixed(0)} |
| pipeline (all steps), mean of the rounds | ${pipeRate.toFixed(2)} | ${pipelineSeconds.toFixed(1)} | ${(figures.pipeline.cpuMsPerImage.worker + figures.pipeline.cpuMsPerImage.postgres).toFixed(0)} (worker ${figures.pipeline.cpuMsPerImage.worker.toFixed(0)} + Postgres ${figures.pipeline.cpuMsPerImage.postgres.toFixed(0)}) |

CPU ms per image by thread: irreducible ${threadList(figures.irreducible.threadsCpuMsPerImage)}; pipeline worker ${threadList(workerThreads)} (\`node\` = libuv pool and V8 helper threads; Postgres counts only this benchmark's backends and the server's background processes).

Ratio pipeline ÷ irreducible: **${ratio.toFixed(2)}** (goal ≥ 0.8; rounds: ${roundRatios.map((r) => r.toFixed(2)).join(', ')}); in CPU time: ${figures.cpuRatio.toFixed(2)}. Peak worker RSS: **${Math.round(peak)} MB**.
Measured ${figures.at.slice(0, 10)}.
`);
  } finally {
    worker?.kill('SIGTERM');
    await api.close();
    const redis = new IORedis(process.env.REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await rm(storageDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench:pipeline failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
