import { Injectable } from '@nestjs/common';
import { fromGlobalId, NodeType } from '../../common/graphql/global-id';
import type { Principal } from '../auth/principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads within the caller's workspace (`me.workspaceId`); may also apply role rules (e.g. admin-only types). */
type NodeLoader = (me: Principal, id: string) => Promise<object | null>;

/**
 * `node(id)` without a switch that knows every feature: each module registers how to load its
 * type within a workspace. The resolver only decodes the global id and asks the registry.
 */
@Injectable()
export class NodeRegistry {
  private readonly loaders = new Map<string, { load: NodeLoader; idPattern: RegExp }>();

  register(type: NodeType, load: NodeLoader, idPattern: RegExp = UUID): void {
    this.loaders.set(type, { load, idPattern });
  }

  /** The object, or null for malformed ids, unknown types and other workspaces' objects alike. */
  async load(me: Principal, globalId: string): Promise<object | null> {
    const parsed = fromGlobalId(globalId);
    const entry = parsed && this.loaders.get(parsed.type);
    if (!parsed || !entry || !entry.idPattern.test(parsed.id)) return null;
    return entry.load(me, parsed.id);
  }
}
