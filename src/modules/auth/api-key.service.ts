import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { ApiKeyEntity } from './api-key.entity';
import { apiKeyMatches, generateApiKey, parseApiKey } from './api-key.secret';
import { Principal } from './principal';
import { Role } from './role';
import { WorkspaceEntity } from './workspace.entity';

// last_used_at is informational; writing it on every request would serialise hot keys, so it is
// refreshed at most once a minute (compared with the database clock).
const AUTH_SQL = `SELECT id, workspace_id, secret_hash, role, label,
  (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds') AS touch
  FROM api_key WHERE prefix = $1 AND revoked_at IS NULL`;
const TOUCH_SQL = `UPDATE api_key SET last_used_at = now() WHERE id = $1`;

interface KeyRow {
  id: string;
  workspace_id: string;
  secret_hash: string;
  role: Role;
  label: string;
  touch: boolean;
}

@Injectable()
export class ApiKeyService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createWorkspace(name: string): Promise<{ workspaceId: string; apiKey: string }> {
    if (!name.trim()) throw new Error('workspace name must not be empty');
    return this.db.transaction(async (tx) => {
      const workspace = await tx.save(WorkspaceEntity, { id: randomUUID(), name: name.trim() });
      const { key } = await this.insertKey(tx.getRepository(ApiKeyEntity), workspace.id, Role.ADMIN, 'initial admin key');
      return { workspaceId: workspace.id, apiKey: key };
    });
  }

  async createKey(workspaceId: string, role: Role, label: string): Promise<{ apiKey: string; prefix: string; id: string }> {
    const exists = await this.db.getRepository(WorkspaceEntity).existsBy({ id: workspaceId });
    if (!exists) throw new Error(`workspace ${workspaceId} does not exist`);
    const { key, prefix, id } = await this.insertKey(this.db.getRepository(ApiKeyEntity), workspaceId, role, label);
    return { apiKey: key, prefix, id };
  }

  /** Returns false when no active key has that prefix. */
  async revoke(prefix: string): Promise<boolean> {
    const res = await this.db
      .getRepository(ApiKeyEntity)
      .update({ prefix, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    return (res.affected ?? 0) > 0;
  }

  /**
   * Resolves a presented key to its principal; null for unknown, malformed or revoked keys.
   * Runs on every request, so it is one lean statement (no query builder, no cache: a revocation is
   * seen by the very next request).
   */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    // Every request asks this: a prepared statement (parsed and planned once per connection).
    const [row] = await preparedQuery<KeyRow>(this.db.manager, 'api_key_authenticate', AUTH_SQL, [parsed.prefix]);
    if (!row || !apiKeyMatches(presented, row.secret_hash)) return null;
    if (row.touch) {
      void this.db.query(TOUCH_SQL, [row.id]).catch(() => undefined);
    }
    return { id: row.id, name: row.label, role: row.role, workspaceId: row.workspace_id };
  }

  /** Principals by key id within one workspace (for createdBy/approvedBy). */
  async principals(workspaceId: string, ids: readonly string[]): Promise<Map<string, Principal>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where('k.workspace_id = :workspaceId AND k.id = ANY(:ids)', { workspaceId, ids })
      .getMany();
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.label, role: r.role, workspaceId: r.workspaceId }]));
  }

  private async insertKey(repo: ReturnType<DataSource['getRepository']>, workspaceId: string, role: Role, label: string) {
    const { key, prefix, hash } = generateApiKey();
    const id = randomUUID();
    await repo.insert({ id, workspaceId, prefix, secretHash: hash, role, label });
    return { key, prefix, id };
  }
}
