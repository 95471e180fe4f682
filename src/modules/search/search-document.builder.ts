import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { synonymMap } from '../../infrastructure/search/meilisearch.settings';
import type { SearchDocument } from '../../infrastructure/search/search-engine.port';

/**
 * Builds search documents from the current Postgres state (the one place that knows where each
 * searchable fact lives): asset columns (incl. the pipeline's phash/palette/ai_generated and the
 * review module's stack_id/is_pick), asset_tag + term (tags, synonyms, ancestors), asset_embedding
 * (visual descriptor) and comment (bodies feed `notes`). To index a new fact: read it here and add
 * it to SearchDocument.
 */
@Injectable()
export class SearchDocumentBuilder {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Documents for the live assets among `ids`; ids missing from the map are deleted or gone. */
  async build(ids: readonly string[]): Promise<Map<string, SearchDocument>> {
    const out = new Map<string, SearchDocument>();
    if (!ids.length) return out;
    const rows: AssetRow[] = await this.db.query(
      `SELECT a.id, a.workspace_id, a.project_id, a.status, a.kind, a.title, a.width, a.height, a.created_by, a.approved_by,
              a.created_at, a.approved_at, a.status_changed_at, a.version,
              a.generation->>'model' AS model, a.generation->>'provider' AS provider, a.generation->>'prompt' AS prompt,
              (a.generation->>'width')::text AS gen_width, (a.generation->>'height')::text AS gen_height,
              a.stack_id, a.is_pick, a.ai_generated, a.phash::text AS phash, a.palette
       FROM asset a WHERE a.id = ANY($1::uuid[]) AND a.deleted_at IS NULL`,
      [ids],
    );
    if (!rows.length) return out;
    const live = rows.map((r) => r.id);
    const [tags, descriptors, comments] = await Promise.all([this.tags(live), this.descriptors(live), this.comments(live)]);
    for (const r of rows) {
      const t = tags.get(r.id);
      out.set(r.id, {
        id: r.id,
        workspaceId: r.workspace_id,
        projectId: r.project_id,
        status: String(r.status).toUpperCase(),
        kind: String(r.kind).toUpperCase(),
        title: r.title,
        prompt: r.prompt,
        notes: (comments.get(r.id) ?? []).filter(Boolean).join('\n').slice(0, 20_000) || null,
        tags: t ? [...t.labels] : [],
        tagTerms: t ? [...t.terms] : [],
        model: r.model,
        provider: r.provider,
        createdBy: r.created_by,
        approvedBy: r.approved_by,
        colors: colorsOf(r.palette),
        orientation: orientationOf(r.width ?? num(r.gen_width), r.height ?? num(r.gen_height)),
        aiGenerated: r.ai_generated,
        createdAt: new Date(r.created_at),
        approvedAt: r.approved_at ? new Date(r.approved_at) : null,
        statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at) : null,
        stackId: r.stack_id,
        isPick: !!r.is_pick,
        phash: r.phash && /^[0-9a-f]{16}$/i.test(r.phash.trim()) ? r.phash.trim().toLowerCase() : null,
        descriptor: descriptors.get(r.id) ?? null,
        version: Number(r.version) || 0,
      });
    }
    return out;
  }

  /** Every live asset id, in batches, keyset-ordered (reindex). */
  async *allIds(batch: number): AsyncGenerator<string[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM asset WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT ${batch}`,
        [after],
      );
      if (!rows.length) return;
      yield rows.map((r) => r.id);
      after = rows[rows.length - 1].id;
    }
  }

  /** Live assets of the workspace whose pHash is within `maxDistance` bits of the reference's (itself excluded). */
  async nearDuplicateIds(workspaceId: string, assetId: string, maxDistance: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `WITH ref AS (
         SELECT ('x' || phash)::bit(64) AS h FROM asset
         WHERE id = $2 AND workspace_id = $1 AND deleted_at IS NULL AND phash ~ '^[0-9a-fA-F]{16}$')
       SELECT a.id FROM asset a, ref
       WHERE a.workspace_id = $1 AND a.deleted_at IS NULL AND a.id <> $2 AND a.phash ~ '^[0-9a-fA-F]{16}$'
         AND bit_count(('x' || a.phash)::bit(64) # ref.h) <= $3
       LIMIT 1000`,
      [workspaceId, assetId, maxDistance],
    );
    return rows.map((r) => r.id);
  }

  /** Vocabulary synonym groups (label + synonyms of each live term) for the Meilisearch settings. */
  async synonymMap(): Promise<Record<string, string[]>> {
    const rows: { label: string; synonyms: string[] | null }[] = await this.db.query(
      `SELECT label, synonyms FROM term WHERE cardinality(synonyms) > 0 ORDER BY id LIMIT 5000`,
    );
    return synonymMap(rows.map((r) => [r.label, ...(r.synonyms ?? [])]));
  }

  async countLive(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM asset WHERE deleted_at IS NULL`);
    return row.n;
  }

  /** Accepted/suggested tags (not rejected) with their term's slug, synonyms and ancestors. */
  private async tags(ids: string[]): Promise<Map<string, { labels: Set<string>; terms: Set<string> }>> {
    const out = new Map<string, { labels: Set<string>; terms: Set<string> }>();
    const rows: { asset_id: string; label: string; term_id: string | null }[] = await this.db.query(
      `SELECT t.asset_id, t.label, t.term_id FROM asset_tag t WHERE t.asset_id = ANY($1::uuid[]) AND t.state <> 'rejected'`,
      [ids],
    );
    const termWords = await this.termWords(rows.map((r) => r.term_id).filter((x): x is string => !!x));
    for (const r of rows) {
      const entry = out.get(r.asset_id) ?? { labels: new Set<string>(), terms: new Set<string>() };
      entry.labels.add(r.label.trim().toLowerCase());
      for (const w of (r.term_id && termWords.get(r.term_id)) || []) entry.terms.add(w);
      out.set(r.asset_id, entry);
    }
    return out;
  }

  /** term id → its slug, synonyms, and the labels/synonyms of its ancestors. */
  private async termWords(termIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!termIds.length) return out;
    const rows: { root: string; label: string; slug: string; synonyms: string[] | null }[] = await this.db.query(
      `WITH RECURSIVE up AS (
         SELECT id AS root, id, parent_id, label, slug, synonyms, 0 AS depth FROM term WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT up.root, t.id, t.parent_id, t.label, t.slug, t.synonyms, up.depth + 1 FROM term t JOIN up ON t.id = up.parent_id WHERE up.depth < 10
       ) SELECT root, label, slug, synonyms FROM up`,
      [[...new Set(termIds)]],
    );
    for (const r of rows) out.set(r.root, [...(out.get(r.root) ?? []), r.label, r.slug, ...(r.synonyms ?? [])]);
    return out;
  }

  /** The built-in visual descriptor (asset_embedding kind 'visual'), if the pipeline produced one. */
  private async descriptors(ids: string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    const rows: { asset_id: string; vector: number[] }[] = await this.db.query(
      `SELECT DISTINCT ON (asset_id) asset_id, vector FROM asset_embedding
       WHERE asset_id = ANY($1::uuid[]) AND kind = 'visual' ORDER BY asset_id, (provider = 'lightbox-visual') DESC, updated_at DESC`,
      [ids],
    );
    for (const r of rows) if (Array.isArray(r.vector) && r.vector.length) out.set(r.asset_id, r.vector.map(Number));
    return out;
  }

  /** Review comment bodies: searchable as notes. */
  private async comments(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const rows: { asset_id: string; body: string }[] = await this.db.query(
      `SELECT asset_id, body FROM comment WHERE asset_id = ANY($1::uuid[]) ORDER BY created_at`,
      [ids],
    );
    for (const r of rows) out.set(r.asset_id, [...(out.get(r.asset_id) ?? []), r.body]);
    return out;
  }
}

interface AssetRow {
  id: string;
  workspace_id: string;
  project_id: string;
  status: string;
  kind: string;
  title: string | null;
  width: number | null;
  height: number | null;
  gen_width: string | null;
  gen_height: string | null;
  created_by: string | null;
  approved_by: string | null;
  created_at: string | Date;
  approved_at: string | Date | null;
  status_changed_at: string | Date | null;
  version: number;
  model: string | null;
  provider: string | null;
  prompt: string | null;
  stack_id: string | null;
  is_pick: boolean | null;
  ai_generated: boolean | null;
  phash: string | null;
  palette: unknown;
}

const num = (v: string | null): number | null => (v && /^\d+$/.test(v) ? Number(v) : null);

/** Same rule as the pipeline: ±2 % of 1:1 is square. */
export function orientationOf(w: number | null, h: number | null): string | null {
  if (!w || !h) return null;
  const r = w / h;
  if (Math.abs(r - 1) <= 0.02) return 'square';
  return r > 1 ? 'landscape' : 'portrait';
}

/** Colour buckets covering at least 10 % of the image (as the pipeline's colorBuckets). */
export function colorsOf(palette: unknown): string[] {
  if (!Array.isArray(palette)) return [];
  const sums = new Map<string, number>();
  for (const c of palette as { name?: unknown; weight?: unknown }[]) {
    if (typeof c?.name !== 'string') continue;
    sums.set(c.name.toLowerCase(), (sums.get(c.name.toLowerCase()) ?? 0) + (typeof c.weight === 'number' ? c.weight : 0));
  }
  return [...sums.entries()].filter(([, w]) => w >= 0.1).sort((a, b) => b[1] - a[1]).map(([n]) => n);
}
