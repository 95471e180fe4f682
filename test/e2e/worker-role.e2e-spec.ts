import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import IORedis from 'ioredis';

jest.setTimeout(120_000);
const ROOT = join(__dirname, '../..');
const GRAPHQL_LAYER = /node_modules\/(@nestjs\/graphql|@nestjs\/apollo|@apollo\/server|graphql|graphql-ws)\//;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Boots the built app as production does (`node dist/src/main.js`) in the given role, waits for it to
 * report that it started, runs one full garbage collection, and returns the GraphQL packages it
 * loaded (paths under node_modules) and V8's last heap-growth factor (`--trace-gc-verbose`).
 */
async function boot(buildDir: string, prefix: string, env: Record<string, string>, started: RegExp): Promise<{ graphqlModules: string[]; heapFactor: string }> {
  const probe = `
    process.on('SIGUSR2', () => {
      global.gc();
      const loaded = Object.keys(require.cache).filter((p) => ${GRAPHQL_LAYER}.test(p));
      process.stdout.write('LOADED ' + JSON.stringify(loaded) + '\\n');
      process.exit(0);
    });
    require(${JSON.stringify(join(buildDir, 'src/main.js'))});`;
  const child = spawn(process.execPath, ['--expose-gc', '--trace-gc-verbose', '-e', probe], {
    cwd: ROOT,
    env: { ...process.env, MIGRATE_ON_BOOT: 'false', QUEUE_PREFIX: prefix, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within 60 s; output:\n${out}`));
    }, 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (started.test(out) && !child.killed) child.kill('SIGUSR2');
    });
    // Read once the process is gone: V8 writes its traces through C stdio, which a pipe buffers until exit.
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /LOADED (.*)\n/.exec(out);
      if (!m) return reject(new Error(`exited with ${code} before reporting; output:\n${out}`));
      const factors = [...out.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)\n/g)].map((f) => f[1]);
      resolve({ graphqlModules: JSON.parse(m[1]) as string[], heapFactor: factors[factors.length - 1] });
    });
  });
}

describe('worker role (the built app, as production starts it)', () => {
  let buildDir: string;
  // The processes register BullMQ workers and the reconciler's schedule under this prefix; removed afterwards.
  const prefix = `test-role-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    // Built into a private folder so a concurrent `npm run build` cannot pull it away.
    buildDir = join(ROOT, '.data', `e2e-build-${randomUUID().slice(0, 8)}`);
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['src', 'migrations', '-d', buildDir, '--config-file', '.swcrc', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  });
  afterAll(async () => {
    await rm(buildDir, { recursive: true, force: true });
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('a worker-only process does not load the GraphQL layer; an api process does', async () => {
    const worker = await boot(buildDir, prefix, { ROLE: 'worker' }, /role=worker processing jobs/);
    expect(worker.graphqlModules).toEqual([]);

    const api = await boot(buildDir, prefix, { ROLE: 'api', PORT: String(await freePort()) }, /role=api listening/);
    expect(api.graphqlModules.some((p) => p.includes('/@nestjs/graphql/'))).toBe(true);
    expect(api.graphqlModules.some((p) => /\/node_modules\/graphql\//.test(p))).toBe(true);
  });

  it('a worker runs with the heap growth of PROCESSING_HEAP_GROWTH_PERCENT (default 100 %: factor 2)', async () => {
    expect((await boot(buildDir, prefix, { ROLE: 'worker' }, /role=worker processing jobs/)).heapFactor).toBe('2.0');
    expect((await boot(buildDir, prefix, { ROLE: 'worker', PROCESSING_HEAP_GROWTH_PERCENT: '250' }, /role=worker processing jobs/)).heapFactor).toBe('3.5');
  });
});
