import { AssetEventEntity } from '../assets/asset-event.entity';

/** The Redis pub/sub channel every api replica listens on (scoped by the deployment's Redis prefix). */
export function liveChannel(prefix: string): string {
  return `${prefix}:live:asset-events`;
}

/** One asset event on the wire; workspaceId and projectId travel outside the event so filters need no parsing. */
export interface LiveEventMessage {
  workspaceId: string;
  projectId: string | null;
  event: { id: string; assetId: string | null; type: string; actorId: string | null; data: Record<string, unknown>; at: string };
}

export function toLiveMessage(e: AssetEventEntity): LiveEventMessage {
  return {
    workspaceId: e.workspaceId,
    projectId: e.projectId,
    event: { id: e.id, assetId: e.assetId, type: e.type, actorId: e.actorId, data: e.data, at: e.at.toISOString() },
  };
}

/** Null for anything malformed: a bad message is dropped, never crashes the subscriber. */
export function fromLiveMessage(raw: string): { message: LiveEventMessage; event: AssetEventEntity } | null {
  try {
    const m = JSON.parse(raw) as LiveEventMessage;
    if (typeof m?.workspaceId !== 'string' || typeof m.event?.id !== 'string' || typeof m.event.type !== 'string') return null;
    const event = Object.assign(new AssetEventEntity(), {
      id: m.event.id,
      workspaceId: m.workspaceId,
      projectId: m.projectId ?? null,
      assetId: m.event.assetId ?? null,
      type: m.event.type,
      actorId: m.event.actorId ?? null,
      data: m.event.data ?? {},
      at: new Date(m.event.at),
    });
    return { message: m, event };
  } catch {
    return null;
  }
}
