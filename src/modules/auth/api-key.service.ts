import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { apiKeyMatches, generateApiKey, parseApiKey } from './api-key.secret';
import { Principal } from './principal';
import { Role } from './role';
import { WorkspaceEntity } from './workspace.entity';

// last_used_at is informational; writing it on every request would serialise hot keys.
const LAST_USED_RESOLUTION_MS = 60_000;

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

  /** Resolves a presented key to its principal; null for unknown, malformed or revoked keys. */
  async authenticate(presented: string): Promise<Principal | null> {
    const parsed = parseApiKey(presented);
    if (!parsed) return null;
    const row = await this.db.getRepository(ApiKeyEntity).findOneBy({ prefix: parsed.prefix });
    if (!row || row.revokedAt || !apiKeyMatches(presented, row.secretHash)) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      void this.db.getRepository(ApiKeyEntity).update({ id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    }
    return { id: row.id, name: row.label, role: row.role, workspaceId: row.workspaceId };
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
