import { Injectable } from '@nestjs/common';
import { fromGlobalId, NodeType } from '../../common/graphql/global-id';
import { registerNodeClass } from '../../common/graphql/node.interface';
import type { Principal } from '../auth/principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NodeDefinition {
  /** Class of the values `load` returns (entity or GraphQL object), for the Node interface's type resolution. */
  returns: abstract new (...args: never[]) => object;
  /** Loads within the caller's workspace (`me.workspaceId`); may also apply role rules (e.g. admin-only types). */
  load: (me: Principal, id: string) => Promise<object | null>;
  idPattern?: RegExp;
}

/**
 * `node(id)` without a switch that knows every feature: each module registers, once, how to load
 * its type and which class it returns. The resolver only decodes the global id and asks here.
 */
@Injectable()
export class NodeRegistry {
  private readonly definitions = new Map<string, Required<NodeDefinition>>();

  register(type: NodeType, def: NodeDefinition): void {
    this.definitions.set(type, { idPattern: UUID, ...def });
    registerNodeClass(def.returns, type);
  }

  /** The object, or null for malformed ids, unknown types and other workspaces' objects alike. */
  async load(me: Principal, globalId: string): Promise<object | null> {
    const parsed = fromGlobalId(globalId);
    const def = parsed && this.definitions.get(parsed.type);
    if (!parsed || !def || !def.idPattern.test(parsed.id)) return null;
    return def.load(me, parsed.id);
  }
}
