// Relay global ids: base64url("<Type>:<uuid>"). Clients treat them as opaque.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NodeType = 'Asset' | 'Project' | 'AssetEvent' | 'Term' | 'Stack' | 'Comment' | 'Webhook' | 'Job';

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** Decodes a global id; null when malformed (callers answer "not found", never a crash). */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return null;
  const type = decoded.slice(0, i);
  const id = decoded.slice(i + 1);
  if (!/^[A-Za-z]+$/.test(type) || !id) return null;
  return { type, id };
}

/** The uuid behind a global id of the expected type, or null. */
export function idOf(type: NodeType, globalId: string): string | null {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) return null;
  if (type !== 'AssetEvent' && !UUID.test(parsed.id)) return null;
  return parsed.id;
}
