import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LiveEventBus } from '../../src/modules/live/live-event.bus';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, eventually, ingest } from '../support/ingest';
import { liveClient, LiveSubscription, subscribe } from '../support/live';

const fixture = (name: string) => readFile(join(__dirname, '../fixtures/ingest', name));

const SUBSCRIPTION = `subscription($p: ID) { assetEvents(projectId: $p) {
  __typename id type at data actor { id name role } asset { id status project { id } } } }`;

interface Received {
  assetEvents: { id: string; type: string; at: string; data: any; actor: { role: string } | null; asset: { id: string; status: string; project: { id: string } } | null };
}

// Status values inside event data are the review module's (compared case-insensitively here).
const to = (e: { data?: { to?: unknown } }) => String(e.data?.to ?? '').toUpperCase();

jest.setTimeout(60_000);

const TRANSITION = `mutation($i: TransitionAssetInput!) { transitionAsset(input: $i) { __typename ... on Asset { id status } ... on ErrorResult { code message } } }`;

/**
 * Two app instances on one Postgres + Redis: `writer` (ROLE=all: api + worker, runs the outbox relay)
 * makes the changes; `reader` (ROLE=api only, no relay, no workers) serves the subscriptions. Events
 * can only reach the reader through Redis pub/sub.
 */
describe('GraphQL subscriptions: assetEvents', () => {
  let writer: TestApp;
  let reader: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let projectA: string;
  let projectB: string;
  const open: LiveSubscription<unknown>[] = [];

  const listen = async (key: string, projectId: string | null = null): Promise<LiveSubscription<Received>> => {
    const bus = reader.app.get(LiveEventBus);
    const before = bus.subscriberCount;
    const sub = subscribe<Received>(liveClient(reader.url, key), SUBSCRIPTION, { p: projectId });
    open.push(sub);
    // The server-side stream exists once the subscribe message was processed: only then can nothing be missed.
    await eventually(async () => bus.subscriberCount, (n) => n > before || sub.errors.length > 0);
    return sub;
  };

  beforeAll(async () => {
    const prefix = `test-live-${randomUUID().slice(0, 8)}`;
    writer = await startApp({ ROLE: 'all', QUEUE_PREFIX: prefix });
    reader = await startApp({ ROLE: 'api', QUEUE_PREFIX: prefix });
    a = await writer.workspace();
    b = await writer.workspace();
    projectA = await createProject(writer, a.keys.contributor, 'Live A');
    projectB = await createProject(writer, b.keys.contributor, 'Live B');
  });

  afterAll(async () => {
    await Promise.all(open.map((s) => s.dispose().catch(() => undefined)));
    await reader?.close();
    await writer?.close();
  });

  it('delivers an approval made through another app instance, with actor and current asset state', async () => {
    const sub = await listen(a.keys.viewer, projectA);
    const asset = await ingest(writer, a.keys.contributor, projectA, await fixture('skimage_coffee.png'), { title: 'live approval' });

    const submit = await writer.gql(TRANSITION, { i: { assetId: asset.id, to: 'IN_REVIEW' } }, a.keys.contributor);
    expect(submit.data.transitionAsset).toMatchObject({ __typename: 'Asset', status: 'IN_REVIEW' });
    const approve = await writer.gql(TRANSITION, { i: { assetId: asset.id, to: 'APPROVED', expectedStatus: 'IN_REVIEW' } }, a.keys.approver);
    expect(approve.data.transitionAsset).toMatchObject({ __typename: 'Asset', status: 'APPROVED' });

    const approvedEvent = (r: Received) => r.assetEvents.type === 'STATUS_CHANGED' && to(r.assetEvents) === 'APPROVED';
    await eventually(async () => sub.received, (all) => all.some(approvedEvent));
    const approval = sub.received.find(approvedEvent)!.assetEvents;
    expect(approval).toMatchObject({
      __typename: 'AssetEvent',
      type: 'STATUS_CHANGED',
      actor: { role: 'APPROVER' },
      asset: { id: asset.id, status: 'APPROVED', project: { id: projectA } },
    });
    expect(to(approval)).toBe('APPROVED');
    // The subscription carries the same ids as the audit trail.
    const trail = await reader.gql(`query($id: ID!) { asset(id: $id) { events(first: 50) { edges { node { id type } } } } }`, { id: asset.id }, a.keys.viewer);
    expect(trail.errors).toBeUndefined();
    expect(trail.data.asset.events.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(approval.id);
    // Events for one asset arrive in the order they happened.
    const mine = sub.received.map((r) => r.assetEvents).filter((e) => e.asset?.id === asset.id);
    const types = mine.map((e) => `${e.type}${to(e) ? `:${to(e)}` : ''}`);
    expect(types.indexOf('STATUS_CHANGED:IN_REVIEW')).toBeLessThan(types.indexOf('STATUS_CHANGED:APPROVED'));
    expect(types.indexOf('INGESTED')).toBeLessThan(types.indexOf('STATUS_CHANGED:IN_REVIEW'));
  });

  it('delivers comments and processing completions', async () => {
    const sub = await listen(a.keys.viewer);
    const asset = await ingest(writer, a.keys.contributor, projectA, await fixture('skimage_rocket.jpg'), { title: 'live processing' });
    const comment = await writer.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id body } }`,
      { i: { assetId: asset.id, body: 'the rocket needs more flame', region: { x: 0.1, y: 0.1, width: 0.2, height: 0.2 } } },
      a.keys.contributor,
    );
    expect(comment.errors).toBeUndefined();

    const received = await eventually(
      async () => sub.received.map((r) => r.assetEvents).filter((e) => e.asset?.id === asset.id),
      (events) => events.some((e) => e.type === 'COMMENTED') && events.some((e) => e.type === 'PROCESSED' || e.type === 'PROCESSING_FAILED'),
      40_000,
    );
    expect(received.find((e) => e.type === 'COMMENTED')).toMatchObject({ data: { body: 'the rocket needs more flame' }, actor: { role: 'CONTRIBUTOR' } });
    expect(received.find((e) => e.type === 'PROCESSED')).toMatchObject({ actor: null });
  });

  it("is workspace-scoped: B's subscription never sees A's events", async () => {
    const subB = await listen(b.keys.admin);
    const subA = await listen(a.keys.viewer);
    const assetA = await ingest(writer, a.keys.contributor, projectA, Buffer.concat([await fixture('skimage_coffee.png'), Buffer.from(randomUUID())]), { title: 'A secret' });
    await eventually(async () => subA.received, (all) => all.some((r) => r.assetEvents.asset?.id === assetA.id));
    // Then an event in B: the relay publishes in outbox order, so had A's events leaked they would arrive first.
    const assetB = await ingest(writer, b.keys.contributor, projectB, await fixture('skimage_coffee.png'), { title: 'B own' });
    await eventually(async () => subB.received, (all) => all.some((r) => r.assetEvents.asset?.id === assetB.id));
    // Every event B got is about B's asset (a leaked A event would show up with asset: null, as B cannot load it).
    expect(subB.received.length).toBeGreaterThan(0);
    expect(subB.received.every((r) => r.assetEvents.asset?.id === assetB.id)).toBe(true);
    expect(subA.received.map((r) => r.assetEvents.asset?.id)).not.toContain(assetB.id);
  });

  it("answers another workspace's project like a missing one", async () => {
    const sub = subscribe<Received>(liveClient(reader.url, b.keys.admin), SUBSCRIPTION, { p: projectA });
    open.push(sub);
    const errors = (await sub.failed) as { message: string; extensions?: { code?: string } }[];
    expect(errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('applies the HTTP depth limit to websocket operations too', async () => {
    const deep = `subscription { assetEvents { asset { ${'parent { '.repeat(14)}id${' }'.repeat(14)} } } }`;
    const sub = subscribe<Received>(liveClient(reader.url, a.keys.viewer), deep);
    open.push(sub);
    const errors = (await sub.failed) as { message: string; extensions?: { code?: string } }[];
    expect(errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_DEEP' } });
  });

  it.each([
    ['a bad key', 'lbx_notarealkey_000000000000000000'],
    ['no key', null],
  ])('rejects %s when the connection opens', async (_label, key) => {
    const sub = subscribe<Received>(liveClient(reader.url, key), SUBSCRIPTION);
    open.push(sub);
    const reason = (await sub.failed) as { code?: number; reason?: string };
    expect(reason.code).toBe(4403);
    expect(sub.received).toEqual([]);
  });

  it('rejects a key revoked before connecting', async () => {
    const ws = await writer.workspace();
    const [{ prefix }] = await writer.sql<{ prefix: string }>(`SELECT prefix FROM api_key WHERE workspace_id = $1 AND role = 'viewer'`, [ws.id]);
    await writer.sql(`UPDATE api_key SET revoked_at = now() WHERE prefix = $1`, [prefix]);
    const sub = subscribe<Received>(liveClient(reader.url, ws.keys.viewer), SUBSCRIPTION);
    open.push(sub);
    expect(((await sub.failed) as { code?: number }).code).toBe(4403);
  });
});
