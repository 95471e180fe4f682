import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/infrastructure/database/data-source.options';
import { pendingSchemaChanges } from '../../src/infrastructure/database/migrate';
import { OutboxRelay } from '../../src/infrastructure/outbox/outbox-relay.service';
import { OutboxEntity } from '../../src/infrastructure/outbox/outbox.entity';
import { startApp, TestApp } from '../support/app';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
// The CLI and entry points are tested as shipped: the compiled output (`npm test` builds first).
const CLI = join(ROOT, 'dist/src/cli.js');
const MAIN = join(ROOT, 'dist/src/main.js');

describe('schema', () => {
  it('the migrations build exactly what the entities describe', async () => {
    const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!)).initialize();
    try {
      expect(await pendingSchemaChanges(ds)).toEqual([]);
      const migrations = await ds.query(`SELECT name FROM migrations`);
      expect(migrations.length).toBeGreaterThan(0);
    } finally {
      await ds.destroy();
    }
  });
});

describe('CLI', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t?.close());

  it('workspace create prints one JSON object with a working admin key; apikey create/revoke manage keys', async () => {
    const { stdout } = await run('node', [CLI, 'workspace', 'create', 'CLI Studio', '--json'], { env: process.env });
    const created = JSON.parse(stdout.trim());
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'workspaceId']);
    const me = await t.gql(`mutation { createProject(input: { name: "From CLI" }) { slug } }`, {}, created.apiKey);
    expect(me.data.createProject.slug).toBe('from-cli');

    const key = JSON.parse((await run('node', [CLI, 'apikey', 'create', '--workspace', created.workspaceId, '--role', 'viewer', '--json'])).stdout);
    expect(key.apiKey).toMatch(/^lbx_/);
    expect((await t.gql(`{ projects { slug } }`, {}, key.apiKey)).data.projects).toEqual([{ slug: 'from-cli' }]);

    await run('node', [CLI, 'apikey', 'revoke', key.prefix]);
    expect((await t.gql(`{ projects { slug } }`, {}, key.apiKey)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('explains bad usage and exits non-zero', async () => {
    await expect(run('node', [CLI, 'apikey', 'create', '--workspace', 'x', '--role', 'god'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown role "god"'),
    });
  });

  it('migration check reports agreement', async () => {
    const { stdout } = await run('node', [CLI, 'migration', 'check']);
    expect(stdout).toContain('entities and migrations agree');
  });
});

describe('boot', () => {
  it('stops with one line naming a bad variable', async () => {
    await expect(run('node', [MAIN], { env: { ...process.env, STORAGE_DRIVER: 'ftp' } })).rejects.toMatchObject({
      code: 1,
      stderr: 'Configuration error: STORAGE_DRIVER must be one of fs|s3, got "ftp"\n',
    });
  });

  it('serves liveness and readiness with every dependency checked', async () => {
    const t = await startApp();
    try {
      expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
      const ready = await fetch(`${t.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(Object.keys(((await ready.json()) as { checks: object }).checks).sort()).toEqual(['postgres', 'redis', 'search', 'storage']);
    } finally {
      await t.close();
    }
  });

  it('reports not ready when a dependency is down', async () => {
    const t = await startApp({ STORAGE_DIR: '/proc/lightbox-cannot-write-here' });
    try {
      const ready = await fetch(`${t.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: { storage: { ok: boolean } } }).checks.storage.ok).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('outbox relay', () => {
  it('keeps messages while a consumer fails and delivers them once it recovers', async () => {
    const t = await startApp({ ROLE: 'api' }); // no background relay: this test drives it
    try {
      const relay = t.app.get(OutboxRelay);
      const ws = await t.workspace();
      const topic = `test.${Date.now()}`;
      let failing = true;
      const received: string[] = [];
      relay.register({
        name: 'flaky',
        topics: [topic],
        handle: async (rows) => {
          if (failing) throw new Error('engine down');
          received.push(...rows.map((r) => String(r.payload.n)));
        },
      });
      const repo = t.app.get(DataSource).getRepository(OutboxEntity);
      await repo.insert([1, 2, 3].map((n) => ({ workspaceId: ws.id, topic, payload: { n } })));

      await expect(relay.drain()).rejects.toThrow('engine down');
      const pending = await t.sql(`SELECT attempts, last_error FROM outbox WHERE topic = $1 AND dispatched_at IS NULL`, [topic]);
      expect(pending).toEqual([1, 2, 3].map(() => ({ attempts: 1, last_error: 'engine down' })));

      failing = false;
      await relay.drain();
      expect(received).toEqual(['1', '2', '3']);
      expect(await t.sql(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND dispatched_at IS NULL`, [topic])).toEqual([{ n: 0 }]);
    } finally {
      await t.close();
    }
  });
});
