import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApp, TestApp } from '../support/app';
import { createProject, createUpload } from '../support/ingest';

const MAIN = join(__dirname, '../../dist/src/main.js');

/** The compiled app as production runs it, in its own process. */
async function spawnApp(port: number): Promise<ChildProcess> {
  const child = spawn('node', [MAIN], {
    env: { ...process.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, STORAGE_DIR: await mkdtemp(join(tmpdir(), 'lbx-shutdown-')), QUEUE_PREFIX: `shutdown-${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('app did not start');
}

describe('graceful shutdown', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t?.close());

  it('finishes an in-flight upload after SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const child = await spawnApp(port);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ws = await t.workspace();
    const projectId = await createProject(t, ws.keys.contributor);
    const bytes = Buffer.alloc(4 * 1024 * 1024, 7);
    const ticket = await createUpload(t, ws.keys.contributor, projectId, bytes);
    // The upload URL was signed by the test app for its own host; send it to the child instead (same secret).
    const url = new URL(ticket.url);
    url.port = String(port);

    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': String(bytes.length) } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, bytes.length / 2));
      setTimeout(() => {
        child.kill('SIGTERM'); // mid-request
        setTimeout(() => req.end(bytes.subarray(bytes.length / 2)), 300);
      }, 300);
    });

    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).size).toBe(bytes.length);
    expect(await exited).toBe(0);
    const [row] = await t.sql(`SELECT received_size FROM upload WHERE id = $1`, [ticket.uploadId]);
    expect(Number(row.received_size)).toBe(bytes.length);
  });
});
