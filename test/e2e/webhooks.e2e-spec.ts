import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, eventually, ingest } from '../support/ingest';
import { ReceivedRequest, WebhookReceiver } from '../support/webhook-receiver';

const fixture = (name: string) => readFile(join(__dirname, '../fixtures/ingest', name));

const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) {
  __typename ... on Webhook { id url events active createdAt } ... on ErrorResult { code message } } }`;
const TRANSITION = `mutation($i: TransitionAssetInput!) { transitionAsset(input: $i) { __typename ... on Asset { status } ... on ErrorResult { code message } } }`;
const WEBHOOKS = `{ webhooks { id url events active disabledReason
  deliveries(first: 50) { edges { cursor node { id event attempt status succeeded at error } } pageInfo { hasNextPage endCursor } } } }`;

const SECRET = 'whsec_e2e_0123456789abcdef';
// Status values inside event data are the review module's (compared case-insensitively here).
const to = (body: { data?: { to?: unknown } }) => String(body.data?.to ?? '').toUpperCase();

jest.setTimeout(60_000);

/** The receiver's side of the contract, written independently of the server code. */
function verify(req: ReceivedRequest, secret: string): boolean {
  const header = String(req.headers['lightbox-signature'] ?? '');
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${req.body}`).digest('hex');
  return m[2] === expected && Math.abs(Date.now() / 1000 - Number(m[1])) < 300;
}

describe('webhooks', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  let png: Buffer;

  beforeAll(async () => {
    await receiver.start();
    png = await fixture('skimage_coffee.png');
    t = await startApp({
      IMPORT_ALLOWED_CIDRS: '127.0.0.1/32', // the receiver; everything else private stays blocked
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_DELAY_MS: '100',
      WEBHOOK_DISABLE_AFTER_FAILURES: '2',
    });
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  /** A workspace with one draft asset, ready to be moved through the review states. */
  async function setup(): Promise<{ ws: TestWorkspace; assetId: string }> {
    const ws = await t.workspace();
    const project = await createProject(t, ws.keys.contributor, `Hooks ${randomUUID().slice(0, 4)}`);
    const asset = await ingest(t, ws.keys.contributor, project, png, { title: 'hooked' });
    return { ws, assetId: asset.id };
  }

  async function createHook(key: string, url: string, events = ['asset.status_changed']) {
    const res = await t.gql(CREATE, { i: { url, events, secret: SECRET } }, key);
    expect(res.errors).toBeUndefined();
    return res.data.createWebhook;
  }

  /** Approvers approve and re-open; the contributor who made the asset submits it. */
  async function move(ws: TestWorkspace, assetId: string, status: string, key = status === 'IN_REVIEW' ? ws.keys.contributor : ws.keys.approver) {
    const res = await t.gql(TRANSITION, { i: { assetId, to: status } }, key);
    expect(res.data.transitionAsset).toMatchObject({ __typename: 'Asset', status });
  }

  const hooksOf = async (key: string) => (await t.gql(WEBHOOKS, {}, key)).data.webhooks as any[];

  it('delivers an approval, signed so a receiver can verify it, and logs the delivery', async () => {
    const { ws, assetId } = await setup();
    const url = receiver.plan('/approvals', [200]);
    const hook = await createHook(ws.keys.admin, url);
    expect(hook).toMatchObject({ __typename: 'Webhook', url, events: ['asset.status_changed'], active: true });

    await move(ws, assetId, 'IN_REVIEW');
    await move(ws, assetId, 'APPROVED');
    const got = await eventually(async () => receiver.on('/approvals'), (r) => r.length >= 2);

    const bodies = got.map((r) => JSON.parse(r.body));
    expect(bodies.map(to)).toEqual(expect.arrayContaining(['IN_REVIEW', 'APPROVED']));
    const approval = got[bodies.findIndex((b) => to(b) === 'APPROVED')];
    expect(verify(approval, SECRET)).toBe(true);
    expect(verify(approval, 'some-other-secret-000000')).toBe(false);
    expect(verify({ ...approval, body: approval.body.replace(/approved/gi, 'rejected') }, SECRET)).toBe(false);
    expect(approval.headers['lightbox-event']).toBe('asset.status_changed');
    expect(approval.headers['content-type']).toBe('application/json');
    const body = JSON.parse(approval.body);
    expect(body).toMatchObject({ event: 'asset.status_changed', assetId, workspaceId: ws.id });
    expect(to(body)).toBe('APPROVED');
    expect(body.id).toBe(approval.headers['lightbox-delivery']);
    expect(body.assetEvents).toEqual([expect.objectContaining({ type: 'STATUS_CHANGED', assetId })]);
    expect(to(body.assetEvents[0])).toBe('APPROVED');
    // Only the subscribed topic: the ingest and processing events were not sent.
    expect(bodies.every((b) => b.event === 'asset.status_changed')).toBe(true);

    const [listed] = await eventually(() => hooksOf(ws.keys.admin), (h) => h[0]?.deliveries.edges.length >= 2);
    expect(listed.id).toBe(hook.id);
    expect(listed.deliveries.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'asset.status_changed', attempt: 1, status: 200, succeeded: true, error: null })]),
    );
    // The secret is write-only: the schema has no field that could return it.
    const type = await t.gql(`{ __type(name: "Webhook") { fields { name } } }`, {}, ws.keys.admin);
    expect(type.data.__type.fields.map((f: { name: string }) => f.name)).not.toContain('secret');
  });

  it('retries after a 500 with the same delivery id, then succeeds; every attempt is logged', async () => {
    const { ws, assetId } = await setup();
    const url = receiver.plan('/flaky', [500, 200]);
    await createHook(ws.keys.admin, url);
    await move(ws, assetId, 'IN_REVIEW');

    const got = await eventually(async () => receiver.on('/flaky'), (r) => r.length >= 2);
    expect(got[0].headers['lightbox-delivery']).toBe(got[1].headers['lightbox-delivery']);
    expect(got.map((r) => r.headers['lightbox-attempt'])).toEqual(['1', '2']);
    expect(got[0].body).toBe(got[1].body);
    expect(got.every((r) => verify(r, SECRET))).toBe(true);

    const [hook] = await eventually(() => hooksOf(ws.keys.admin), (h) => h[0]?.deliveries.edges.length >= 2);
    const attempts = hook.deliveries.edges.map((e: any) => e.node).sort((x: any, y: any) => x.attempt - y.attempt);
    expect(attempts).toMatchObject([
      { attempt: 1, status: 500, succeeded: false },
      { attempt: 2, status: 200, succeeded: true, error: null },
    ]);
    expect(attempts[0].error).toMatch(/500/);
    expect(hook.active).toBe(true);
  });

  it('switches a webhook off after repeated failed deliveries, and sends it nothing more', async () => {
    const { ws, assetId } = await setup();
    const downUrl = receiver.plan('/down', [503]);
    const okUrl = receiver.plan('/witness', [200]);
    const down = await createHook(ws.keys.admin, downUrl);
    await createHook(ws.keys.admin, okUrl);

    await move(ws, assetId, 'IN_REVIEW');
    await move(ws, assetId, 'APPROVED');
    const disabled = await eventually(
      async () => (await hooksOf(ws.keys.admin)).find((h) => h.id === down.id),
      (h) => h.active === false,
    );
    expect(disabled.disabledReason).toMatch(/2 consecutive failed deliveries/);
    // Two deliveries, three attempts each, all failed.
    expect(disabled.deliveries.edges).toHaveLength(6);
    expect(disabled.deliveries.edges.every((e: any) => e.node.succeeded === false && e.node.status === 503)).toBe(true);
    const sentBefore = receiver.on('/down').length;
    expect(sentBefore).toBe(6);

    // A later event reaches the healthy webhook but not the disabled one.
    await move(ws, assetId, 'IN_REVIEW', ws.keys.approver);
    await eventually(async () => receiver.on('/witness'), (r) => r.length >= 3);
    expect(receiver.on('/down')).toHaveLength(sentBefore);

    // An admin switches it back on once the endpoint is fixed: the streak restarts and deliveries resume.
    receiver.plan('/down', [200]);
    const enabled = await t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: true) { active disabledReason } }`, { id: down.id }, ws.keys.admin);
    expect(enabled.data.setWebhookActive).toEqual({ active: true, disabledReason: null });
    await move(ws, assetId, 'APPROVED');
    await eventually(async () => receiver.on('/down'), (r) => r.length === sentBefore + 1);
    const other = await t.workspace();
    const foreign = await t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { active } }`, { id: down.id }, other.keys.admin);
    expect(foreign.data.setWebhookActive).toBeNull();
  });

  it('applies the SSRF guard: private, metadata and non-http URLs are a BlockedUrlError', async () => {
    const ws = await t.workspace();
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook', 'http://[::1]:8080/hook', 'file:///etc/passwd', 'http://user:pw@example.com/']) {
      const res = await t.gql(CREATE, { i: { url, events: ['*'], secret: SECRET } }, ws.keys.admin);
      expect(res.data.createWebhook).toMatchObject({ __typename: 'BlockedUrlError', code: 'BLOCKED_URL' });
    }
    expect(await hooksOf(ws.keys.admin)).toEqual([]);
  });

  it('lets only admins create and list webhooks; bad input is rejected naming the field', async () => {
    const ws = await t.workspace();
    for (const key of [ws.keys.approver, ws.keys.contributor, ws.keys.viewer]) {
      const res = await t.gql(CREATE, { i: { url: receiver.plan('/never', [200]), events: ['*'], secret: SECRET } }, key);
      expect(res.data.createWebhook).toMatchObject({ __typename: 'ForbiddenForRoleError', code: 'FORBIDDEN_FOR_ROLE' });
      const list = await t.gql(WEBHOOKS, {}, key);
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const badEvents = await t.gql(CREATE, { i: { url: `${receiver.url}/x`, events: ['Asset Approved'], secret: SECRET } }, ws.keys.admin);
    expect(badEvents.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'events' } });
    const shortSecret = await t.gql(CREATE, { i: { url: `${receiver.url}/x`, events: ['*'], secret: 'short' } }, ws.keys.admin);
    expect(shortSecret.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'secret' } });
    expect(await hooksOf(ws.keys.admin)).toEqual([]);
  });

  it("is workspace-scoped: a webhook never receives, lists or logs another workspace's events", async () => {
    const a = await setup();
    const b = await setup();
    const aUrl = receiver.plan('/tenant-a', [200]);
    const bUrl = receiver.plan('/tenant-b', [200]);
    await createHook(a.ws.keys.admin, aUrl, ['*']);
    await createHook(b.ws.keys.admin, bUrl, ['*']);

    await move(a.ws, a.assetId, 'IN_REVIEW');
    await eventually(async () => receiver.on('/tenant-a'), (r) => r.some((x) => to(JSON.parse(x.body)) === 'IN_REVIEW'));
    // Then an event in B: the relay works in outbox order, so a leaked A event would already be at B.
    await move(b.ws, b.assetId, 'IN_REVIEW');
    await eventually(async () => receiver.on('/tenant-b'), (r) => r.some((x) => to(JSON.parse(x.body)) === 'IN_REVIEW'));

    expect(receiver.on('/tenant-b').map((r) => JSON.parse(r.body).workspaceId)).toEqual(receiver.on('/tenant-b').map(() => b.ws.id));
    expect(receiver.on('/tenant-a').every((r) => JSON.parse(r.body).workspaceId === a.ws.id)).toBe(true);
    const listedByB = await hooksOf(b.ws.keys.admin);
    expect(listedByB.map((h) => h.url)).toEqual([bUrl]);
    expect(listedByB[0].deliveries.edges.every((e: any) => e.node.succeeded)).toBe(true);
  });

  it('pages the delivery log newest first with cursors', async () => {
    const { ws, assetId } = await setup();
    await createHook(ws.keys.admin, receiver.plan('/paged', [200]));
    await move(ws, assetId, 'IN_REVIEW');
    await move(ws, assetId, 'APPROVED');
    await move(ws, assetId, 'IN_REVIEW', ws.keys.approver);
    await eventually(() => hooksOf(ws.keys.admin), (h) => h[0].deliveries.edges.length === 3);

    const page = (after: string | null) =>
      t.gql(`query($a: String) { webhooks { deliveries(first: 2, after: $a) { edges { cursor node { id at } } pageInfo { hasNextPage endCursor } } } }`, { a: after }, ws.keys.admin);
    const first = (await page(null)).data.webhooks[0].deliveries;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).data.webhooks[0].deliveries;
    expect(second.edges).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = [...first.edges, ...second.edges].map((e: any) => e.node);
    expect(new Set(all.map((n: any) => n.id)).size).toBe(3);
    const times = all.map((n: any) => Date.parse(n.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });
});
