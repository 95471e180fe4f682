import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import sharp from 'sharp';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, eventually, ingest } from '../support/ingest';

jest.setTimeout(240_000);
const ROOT = join(__dirname, '../..');

/** Deletes only this suite's own BullMQ keys (`<prefix>:*`): other suites and people share this Redis. */
async function wipeQueuePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

async function countKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl);
  try {
    return (await redis.keys(`${prefix}:*`)).length;
  } finally {
    redis.disconnect();
  }
}

/** A photo-like test image (smooth gradients and shapes, not noise), so decoding takes real work. */
function photoLike(seed: number, width = 1600, height = 1200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${(seed * 47) % 360},70%,60%)"/><stop offset="1" stop-color="hsl(${(seed * 47 + 160) % 360},60%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${300 + (seed * 97) % 1000}" cy="${300 + (seed * 61) % 600}" r="${120 + (seed % 5) * 40}" fill="hsl(${(seed * 83) % 360},80%,50%)"/>
    <rect x="${(seed * 131) % 900}" y="${(seed * 71) % 700}" width="400" height="260" fill="hsl(${(seed * 29) % 360},50%,70%)" opacity="0.7"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

async function stepStates(t: TestApp, workspaceId: string): Promise<{ asset_id: string; step: string; state: string }[]> {
  return t.sql(`SELECT asset_id, step, state FROM asset_processing_step WHERE workspace_id = $1`, [workspaceId]);
}

describe('reconciler: Redis lost its data', () => {
  let api: TestApp;
  let worker: { close(): Promise<void> } | null = null;
  let storageDir: string;
  const prefix = `test-recon-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await wipeQueuePrefix(process.env.REDIS_URL!, prefix);
    await rm(storageDir, { recursive: true, force: true });
  });

  it('re-enqueues every queued step after the queue keys are wiped, and the assets end fully processed', async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'lightbox-recon-'));
    const env = { QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir };
    api = await startApp({ ...env, ROLE: 'api' }); // no worker: jobs wait in Redis
    const ws = await api.workspace();
    const projectId = await createProject(api, ws.keys.contributor);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await ingest(api, ws.keys.contributor, projectId, await photoLike(i, 640, 480))).id);
    expect(await countKeys(process.env.REDIS_URL!, prefix)).toBeGreaterThan(0);

    expect(await wipeQueuePrefix(process.env.REDIS_URL!, prefix)).toBeGreaterThan(0);
    expect(await countKeys(process.env.REDIS_URL!, prefix)).toBe(0);

    const config = loadConfig({
      ...process.env, ...env, ROLE: 'worker', MIGRATE_ON_BOOT: 'false', RECONCILE_INTERVAL_MS: '500', RECONCILE_STALE_MS: '0',
    });
    worker = await createApp(config, { logger: false });
    const rows = await eventually(() => stepStates(api, ws.id), (r) => r.length === 18 && r.every((s) => s.state === 'done'), 90_000);
    expect(rows.every((s) => s.state === 'done')).toBe(true);
    const events = await api.sql(`SELECT asset_id FROM asset_event WHERE workspace_id = $1 AND type = 'PROCESSED'`, [ws.id]);
    expect(events).toHaveLength(3);
  });
});

describe('a worker killed with SIGKILL mid-batch', () => {
  let api: TestApp;
  let ws: TestWorkspace;
  let storageDir: string;
  let buildDir: string;
  const children: ChildProcess[] = [];
  const prefix = `test-kill-${randomUUID().slice(0, 8)}`;
  let logs = '';

  const spawnWorker = () => {
    const child = spawn(process.execPath, [join(buildDir, 'src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env, ROLE: 'worker', QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir, MIGRATE_ON_BOOT: 'false',
        PROCESSING_CONCURRENCY: '2', PROCESSING_LOCK_MS: '3000', RECONCILE_INTERVAL_MS: '1000', RECONCILE_STALE_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (logs += d));
    child.stderr!.on('data', (d) => (logs += d));
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    // The built app, as production runs it; built into a private folder so a concurrent `npm run build` cannot pull it away.
    buildDir = join(ROOT, '.data', `e2e-build-${randomUUID().slice(0, 8)}`);
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['src', 'migrations', '-d', buildDir, '--config-file', '.swcrc', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    storageDir = await mkdtemp(join(tmpdir(), 'lightbox-kill-'));
    api = await startApp({ ROLE: 'api', QUEUE_PREFIX: prefix, STORAGE_DIR: storageDir });
    ws = await api.workspace();
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await api?.close();
    await wipeQueuePrefix(process.env.REDIS_URL!, prefix);
    await rm(storageDir, { recursive: true, force: true });
    await rm(buildDir, { recursive: true, force: true });
  });

  it('every asset still ends fully processed, each step’s effects applied exactly once', async () => {
    const projectId = await createProject(api, ws.keys.contributor);
    const N = 12;
    const first = spawnWorker();
    for (let i = 0; i < N; i++) await ingest(api, ws.keys.contributor, projectId, await photoLike(i + 10), { generation: { prompt: `red balloon over a harbour number ${i}` } });

    // Kill it as soon as some work has landed, while the batch is still in flight.
    const before = await eventually(() => stepStates(api, ws.id), (r) => r.filter((s) => s.state === 'done').length >= 4, 90_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(first.signalCode).toBe('SIGKILL');
    expect(before.filter((s) => s.state === 'done').length).toBeLessThan(N * 6);

    spawnWorker();
    const rows = await eventually(() => stepStates(api, ws.id), (r) => r.length === N * 6 && r.every((s) => s.state === 'done'), 150_000).catch((err) => {
      throw new Error(`${(err as Error).message}\nworker logs:\n${logs.slice(-4000)}`);
    });
    expect(rows.every((s) => s.state === 'done')).toBe(true);

    const perAsset = async (sql: string) => (await api.sql(sql, [ws.id])).map((r: { n: string }) => Number(r.n));
    expect(await perAsset(`SELECT count(e.id) AS n FROM asset a LEFT JOIN asset_event e ON e.asset_id = a.id AND e.type = 'PROCESSED' WHERE a.workspace_id = $1 GROUP BY a.id`)).toEqual(Array(N).fill(1));
    expect(await perAsset(`SELECT count(o.id) AS n FROM asset a LEFT JOIN outbox o ON o.aggregate_id = a.id AND o.topic = 'asset.index' WHERE a.workspace_id = $1 GROUP BY a.id`)).toEqual(Array(N).fill(1));
    expect(await perAsset(`SELECT count(m.asset_id) AS n FROM asset a LEFT JOIN asset_embedding m ON m.asset_id = a.id WHERE a.workspace_id = $1 GROUP BY a.id`)).toEqual(Array(N).fill(1));
    const noFailures = await api.sql(`SELECT 1 FROM asset_event WHERE workspace_id = $1 AND type = 'PROCESSING_FAILED'`, [ws.id]);
    expect(noFailures).toEqual([]);
    const assets = await api.sql(`SELECT phash, renditions, palette FROM asset WHERE workspace_id = $1`, [ws.id]);
    for (const a of assets) {
      expect(a.phash).toMatch(/^[0-9a-f]{16}$/);
      expect(a.renditions).toHaveLength(2);
      expect(a.palette.length).toBeGreaterThan(0);
    }
    const tags = await api.sql(`SELECT asset_id, source, key, count(*) AS n FROM asset_tag WHERE workspace_id = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1`, [ws.id]);
    expect(tags).toEqual([]);
  });
});
