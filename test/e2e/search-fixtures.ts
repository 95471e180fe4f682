import { createHash, randomUUID } from 'node:crypto';
import { OutboxRelay } from '../../src/infrastructure/outbox/outbox-relay.service';
import type { TestApp } from '../support/app';

/** Test data for the search contract: rows written directly (fast, exact control), then announced on the outbox like the pipeline does. */
export interface SeedAsset {
  title?: string;
  prompt?: string;
  model?: string;
  provider?: string;
  status?: string;
  kind?: 'image' | 'video' | 'other';
  createdAt?: Date;
  approvedAt?: Date | null;
  approvedBy?: string | null;
  statusChangedAt?: Date | null;
  createdBy?: string | null;
  width?: number;
  height?: number;
  tags?: string[];
  colors?: string[];
  aiGenerated?: boolean | null;
  phash?: string | null;
  descriptor?: number[] | null;
  stackId?: string | null;
  isPick?: boolean;
}

export const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

export async function seedAsset(t: TestApp, workspaceId: string, projectId: string, a: SeedAsset): Promise<string> {
  const id = randomUUID();
  const sha = createHash('sha256').update(id).digest('hex');
  const blobId = randomUUID();
  await t.sql(`INSERT INTO blob (id, workspace_id, sha256, size, mime, storage_key) VALUES ($1, $2, $3, 10, 'image/png', $4)`, [blobId, workspaceId, sha, `blobs/${sha}`]);
  const generation = { model: a.model ?? null, provider: a.provider ?? null, prompt: a.prompt ?? null };
  const palette = a.colors ? a.colors.map((name) => ({ hex: '#000000', weight: 1 / a.colors!.length, name })) : null;
  await t.sql(
    `INSERT INTO asset (id, workspace_id, project_id, blob_id, kind, title, width, height, status, status_changed_at, approved_at, approved_by,
       created_by, generation, generation_sources, created_at, phash, palette, ai_generated, stack_id, is_pick, version)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'{}',$15,$16,$17,$18,$19,$20,1)`,
    [id, workspaceId, projectId, blobId, a.kind ?? 'image', a.title ?? null, a.width ?? 100, a.height ?? 100, a.status ?? 'draft',
      a.statusChangedAt ?? null, a.approvedAt ?? null, a.approvedBy ?? null, a.createdBy ?? null, JSON.stringify(generation),
      a.createdAt ?? new Date(), a.phash ?? null, palette ? JSON.stringify(palette) : null, a.aiGenerated ?? null, a.stackId ?? null, a.isPick ?? false],
  );
  for (const label of a.tags ?? []) {
    await t.sql(
      `INSERT INTO asset_tag (id, workspace_id, asset_id, key, label, source, state) VALUES ($1,$2,$3,$4,$5,'manual','accepted')`,
      [randomUUID(), workspaceId, id, label.toLowerCase(), label],
    );
  }
  if (a.descriptor) {
    await t.sql(
      `INSERT INTO asset_embedding (asset_id, kind, provider, workspace_id, version, dims, vector) VALUES ($1,'visual','lightbox-visual',$2,'test',$3,$4)`,
      [id, workspaceId, a.descriptor.length, a.descriptor],
    );
  }
  await announce(t, workspaceId, id);
  return id;
}

export async function announce(t: TestApp, workspaceId: string, assetId: string, topic = 'asset.index'): Promise<void> {
  await t.sql(`INSERT INTO outbox (workspace_id, topic, aggregate_id, payload) VALUES ($1, $2, $3, '{}')`, [workspaceId, topic, assetId]);
}

/** Drains the outbox into the engine (the worker loop may be draining too: SKIP LOCKED shares the rows). */
export async function sync(t: TestApp): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 100; i++) {
    await relay.drain();
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`);
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('outbox did not drain');
}

export async function stack(t: TestApp, workspaceId: string): Promise<string> {
  const id = randomUUID();
  await t.sql(`INSERT INTO stack (id, workspace_id) VALUES ($1, $2)`, [id, workspaceId]);
  return id;
}

/** A unit-ish descriptor pointing mostly along axis `i` (128 dims). */
export function descriptorAlong(i: number, noise = 0): number[] {
  return Array.from({ length: 128 }, (_, k) => (k === i ? 1 : 0) + (k === (i + 1) % 128 ? noise : 0));
}
