import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { Role } from '../../src/modules/auth/role';

export interface TestApp {
  url: string;
  config: AppConfig;
  app: INestApplication;
  gql<T = any>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GqlResponse<T>>;
  /** Direct SQL, for assertions on what the app wrote. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  /** A new workspace with one key per role. */
  workspace(name?: string): Promise<TestWorkspace>;
  close(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestWorkspace {
  id: string;
  keys: Record<'admin' | 'approver' | 'contributor' | 'viewer', string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Boots the real app (as production does: config from env, migrations, Nest, HTTP) on a free
 * port, with its own storage directory and queue prefix so suites do not see each other's jobs.
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const port = await freePort();
  const storageDir = await mkdtemp(join(tmpdir(), 'lightbox-test-'));
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    STORAGE_DIR: storageDir,
    QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    MIGRATE_ON_BOOT: 'false',
    ...env,
  });
  const app = (await createApp(config, process.env.TEST_LOG ? {} : { logger: false })) as INestApplication;
  await app.listen(port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    config,
    app,
    async gql(query, variables = {}, key = null) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as { data: any; errors?: any[] }) };
    },
    sql: (query, params) => app.get(DataSource).query(query, params),
    async workspace(name = `ws-${randomUUID().slice(0, 6)}`) {
      const keys = app.get(ApiKeyService);
      const { workspaceId, apiKey } = await keys.createWorkspace(name);
      const make = async (role: Role) => (await keys.createKey(workspaceId, role, `${role} test key`)).apiKey;
      return {
        id: workspaceId,
        keys: { admin: apiKey, approver: await make(Role.APPROVER), contributor: await make(Role.CONTRIBUTOR), viewer: await make(Role.VIEWER) },
      };
    },
    async close() {
      await app.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
