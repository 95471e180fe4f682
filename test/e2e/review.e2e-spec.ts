import sharp from 'sharp';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { Role } from '../../src/modules/auth/role';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, ingest } from '../support/ingest';

const RESULT = `__typename
  ... on Asset { id status statusChangedAt approvedAt approvedBy { id role } }
  ... on ErrorResult { code message }
  ... on TransitionNotAllowedError { from to }
  ... on StaleStatusError { actual }`;
const TRANSITION = `mutation($i: TransitionAssetInput!) { transitionAsset(input: $i) { ${RESULT} } }`;
const BULK = `mutation($i: TransitionAssetsInput!) { transitionAssets(input: $i) { ${RESULT} } }`;

let seq = 0;
/** A small PNG with unique pixels, so every asset has its own blob. */
async function png(): Promise<Buffer> {
  seq += 1;
  return sharp({ create: { width: 4, height: 4, channels: 3, background: { r: seq % 256, g: (seq >> 8) % 256, b: 99 } } }).png().toBuffer();
}

type Who = 'admin' | 'approver' | 'contributor' | 'viewer';

describe('review workflow', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let projectId: string;
  let principalIds: Record<Who, string>;

  beforeAll(async () => {
    t = await startApp();
    ws = await t.workspace();
    other = await t.workspace();
    projectId = await createProject(t, ws.keys.contributor, 'Review');
    const rows = await t.sql(`SELECT id, role FROM api_key WHERE workspace_id = $1`, [ws.id]);
    principalIds = Object.fromEntries(rows.map((r: { id: string; role: Who }) => [r.role, r.id])) as Record<Who, string>;
  });
  afterAll(async () => t?.close());

  const newAsset = async (owner: Who = 'contributor') => (await ingest(t, ws.keys[owner], projectId, await png())).id as string;
  const transition = async (who: Who, input: Record<string, unknown>, w: TestWorkspace = ws) => {
    const res = await t.gql(TRANSITION, { i: input }, w.keys[who]);
    expect(res.errors).toBeUndefined();
    return res.data.transitionAsset;
  };
  const PATHS: Record<string, [string, string?][]> = {
    DRAFT: [],
    IN_REVIEW: [['IN_REVIEW']],
    APPROVED: [['IN_REVIEW'], ['APPROVED']],
    CHANGES_REQUESTED: [['IN_REVIEW'], ['CHANGES_REQUESTED', 'fix the hands']],
    REJECTED: [['IN_REVIEW'], ['REJECTED', 'off brief']],
    ARCHIVED: [['ARCHIVED']],
  };
  /** A contributor-owned (or admin-owned) asset brought to `status` by the admin. */
  const assetIn = async (status: string, owner: Who = 'contributor') => {
    const id = await newAsset(owner);
    for (const [to, reason] of PATHS[status]) expect((await transition('admin', { assetId: id, to, reason })).__typename).toBe('Asset');
    return id;
  };

  // Representative allowed and forbidden transitions by role; the machine's unit tests cover every pair.
  it.each<[string, Who, 'own' | 'other', string, string | undefined, string]>([
    ['DRAFT', 'contributor', 'own', 'IN_REVIEW', undefined, 'Asset'],
    ['DRAFT', 'contributor', 'other', 'IN_REVIEW', undefined, 'ForbiddenForRoleError'],
    ['DRAFT', 'viewer', 'own', 'IN_REVIEW', undefined, 'ForbiddenForRoleError'],
    ['DRAFT', 'approver', 'own', 'APPROVED', undefined, 'TransitionNotAllowedError'],
    ['DRAFT', 'viewer', 'own', 'ARCHIVED', undefined, 'ForbiddenForRoleError'],
    ['IN_REVIEW', 'contributor', 'own', 'APPROVED', undefined, 'ForbiddenForRoleError'],
    ['IN_REVIEW', 'contributor', 'own', 'REJECTED', 'meh', 'ForbiddenForRoleError'],
    ['IN_REVIEW', 'approver', 'own', 'APPROVED', undefined, 'Asset'],
    ['IN_REVIEW', 'approver', 'own', 'REJECTED', 'off brief', 'Asset'],
    ['IN_REVIEW', 'approver', 'own', 'CHANGES_REQUESTED', 'crop tighter', 'Asset'],
    ['IN_REVIEW', 'admin', 'own', 'ARCHIVED', undefined, 'Asset'],
    ['IN_REVIEW', 'approver', 'own', 'DRAFT', undefined, 'TransitionNotAllowedError'],
    ['CHANGES_REQUESTED', 'contributor', 'own', 'IN_REVIEW', undefined, 'Asset'],
    ['CHANGES_REQUESTED', 'contributor', 'other', 'IN_REVIEW', undefined, 'ForbiddenForRoleError'],
    ['APPROVED', 'contributor', 'own', 'IN_REVIEW', undefined, 'ForbiddenForRoleError'],
    ['APPROVED', 'approver', 'own', 'IN_REVIEW', undefined, 'Asset'],
    ['APPROVED', 'contributor', 'own', 'ARCHIVED', undefined, 'Asset'],
    ['APPROVED', 'approver', 'own', 'REJECTED', 'no', 'TransitionNotAllowedError'],
    ['REJECTED', 'admin', 'own', 'IN_REVIEW', undefined, 'Asset'],
    ['REJECTED', 'viewer', 'own', 'IN_REVIEW', undefined, 'ForbiddenForRoleError'],
    ['ARCHIVED', 'contributor', 'own', 'DRAFT', undefined, 'Asset'],
    ['ARCHIVED', 'contributor', 'other', 'DRAFT', undefined, 'ForbiddenForRoleError'],
    ['ARCHIVED', 'approver', 'own', 'IN_REVIEW', undefined, 'TransitionNotAllowedError'],
  ])('%s → %s by %s (%s asset) to %s: %s', async (from, who, owner, to, reason, expected) => {
    const id = await assetIn(from, owner === 'own' ? 'contributor' : 'admin');
    const res = await transition(who, { assetId: id, to, reason });
    expect(res.__typename).toBe(expected);
    const [row] = await t.sql(`SELECT status FROM asset WHERE id = $1`, [Buffer.from(id, 'base64url').toString().split(':')[1]]);
    expect(row.status).toBe(expected === 'Asset' ? to.toLowerCase() : from.toLowerCase());
    if (expected === 'TransitionNotAllowedError') expect(res).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', from, to });
    if (expected === 'ForbiddenForRoleError') expect(res.code).toBe('FORBIDDEN_FOR_ROLE');
  });

  it('allowedTransitions reflects role and ownership', async () => {
    const id = await assetIn('IN_REVIEW');
    const q = `query($id: ID!) { asset(id: $id) { allowedTransitions } }`;
    expect((await t.gql(q, { id }, ws.keys.contributor)).data.asset.allowedTransitions).toEqual(['ARCHIVED']);
    expect((await t.gql(q, { id }, ws.keys.approver)).data.asset.allowedTransitions).toEqual(['APPROVED', 'CHANGES_REQUESTED', 'REJECTED', 'ARCHIVED']);
    expect((await t.gql(q, { id }, ws.keys.viewer)).data.asset.allowedTransitions).toEqual([]);
  });

  it('requires a non-blank, bounded reason for REJECTED and CHANGES_REQUESTED, and stores it trimmed', async () => {
    const id = await assetIn('IN_REVIEW');
    for (const reason of [undefined, '', '   ']) {
      expect(await transition('approver', { assetId: id, to: 'REJECTED', reason })).toMatchObject({ __typename: 'ReasonRequiredError', code: 'REASON_REQUIRED' });
    }
    expect((await transition('approver', { assetId: id, to: 'CHANGES_REQUESTED', reason: 'x'.repeat(2001) })).__typename).toBe('ReasonRequiredError');
    expect((await transition('approver', { assetId: id, to: 'CHANGES_REQUESTED', reason: '  needs more contrast \n' })).__typename).toBe('Asset');
    const events = await t.gql(`query($id: ID!) { asset(id: $id) { events { edges { node { type data } } } } }`, { id }, ws.keys.viewer);
    const last = events.data.asset.events.edges.at(-1).node;
    expect(last).toMatchObject({ type: 'STATUS_CHANGED', data: { from: 'in_review', to: 'changes_requested', reason: 'needs more contrast' } });
  });

  it('maintains approvedAt/approvedBy and statusChangedAt, and clears approval when leaving APPROVED', async () => {
    const id = await assetIn('IN_REVIEW');
    const approved = await transition('approver', { assetId: id, to: 'APPROVED', expectedStatus: 'IN_REVIEW' });
    expect(approved).toMatchObject({ __typename: 'Asset', status: 'APPROVED', approvedBy: { id: principalIds.approver, role: 'APPROVER' } });
    expect(approved.approvedAt).toBe(approved.statusChangedAt);
    const [ev] = await t.sql(`SELECT at FROM asset_event WHERE asset_id = $1 AND type = 'STATUS_CHANGED' ORDER BY id DESC LIMIT 1`, [uuidOf(id)]);
    expect(new Date(ev.at).toISOString()).toBe(approved.statusChangedAt);

    const reopened = await transition('admin', { assetId: id, to: 'IN_REVIEW' });
    expect(reopened).toMatchObject({ status: 'IN_REVIEW', approvedAt: null, approvedBy: null });
    expect(new Date(reopened.statusChangedAt).getTime()).toBeGreaterThanOrEqual(new Date(approved.statusChangedAt).getTime());
    const archived = await assetIn('APPROVED');
    expect(await transition('contributor', { assetId: archived, to: 'ARCHIVED' })).toMatchObject({ status: 'ARCHIVED', approvedAt: null, approvedBy: null });
  });

  it('answers StaleStatusError when expectedStatus differs', async () => {
    const id = await assetIn('APPROVED');
    expect(await transition('approver', { assetId: id, to: 'IN_REVIEW', expectedStatus: 'IN_REVIEW' })).toMatchObject({
      __typename: 'StaleStatusError', code: 'STALE_STATUS', actual: 'APPROVED',
    });
  });

  it('lets exactly one of two concurrent transitions win (same expectedStatus)', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await assetIn('IN_REVIEW');
      const results = await Promise.all([
        transition('approver', { assetId: id, to: 'APPROVED', expectedStatus: 'IN_REVIEW' }),
        transition('admin', { assetId: id, to: 'REJECTED', reason: 'no', expectedStatus: 'IN_REVIEW' }),
      ]);
      const winners = results.filter((r) => r.__typename === 'Asset');
      const losers = results.filter((r) => r.__typename !== 'Asset');
      expect(winners).toHaveLength(1);
      expect(losers).toEqual([expect.objectContaining({ __typename: 'StaleStatusError', actual: winners[0].status })]);
      const events = await t.sql(`SELECT count(*)::int AS n FROM asset_event WHERE asset_id = $1 AND type = 'STATUS_CHANGED'`, [uuidOf(id)]);
      expect(events[0].n).toBe(2); // the setup's submit + the one winner
    }
  });

  it('lets exactly one of two concurrent transitions win (no expectedStatus)', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await assetIn('IN_REVIEW');
      const results = await Promise.all([
        transition('approver', { assetId: id, to: 'APPROVED' }),
        transition('admin', { assetId: id, to: 'REJECTED', reason: 'no' }),
      ]);
      const winners = results.filter((r) => r.__typename === 'Asset');
      expect(winners).toHaveLength(1);
      // Overlapping requests see a stale status; a request that starts after the other committed
      // sees the new status, from which the move is simply not allowed.
      const loser = results.find((r) => r.__typename !== 'Asset');
      expect(['StaleStatusError', 'TransitionNotAllowedError']).toContain(loser.__typename);
      const [row] = await t.sql(`SELECT status FROM asset WHERE id = $1`, [uuidOf(id)]);
      expect(row.status).toBe(winners[0].status.toLowerCase());
    }
  });

  it('bulk: per-asset results in input order, partial failure leaves the others applied', async () => {
    const own1 = await newAsset();
    const own2 = await newAsset();
    const notOwn = await newAsset('admin');
    const inReview = await assetIn('IN_REVIEW');
    const foreign = (await ingest(t, other.keys.contributor, await createProject(t, other.keys.contributor, 'B'), await png())).id;
    const res = await t.gql(BULK, { i: { assetIds: [own1, notOwn, 'garbage', inReview, foreign, own2], to: 'IN_REVIEW' } }, ws.keys.contributor);
    expect(res.errors).toBeUndefined();
    expect(res.data.transitionAssets.map((r: { __typename: string }) => r.__typename)).toEqual([
      'Asset', 'ForbiddenForRoleError', 'NotFoundError', 'TransitionNotAllowedError', 'NotFoundError', 'Asset',
    ]);
    const rows = await t.sql(`SELECT id, status FROM asset WHERE id = ANY($1)`, [[own1, own2, notOwn].map(uuidOf)]);
    expect(Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [uuidOf(own1)]: 'in_review', [uuidOf(own2)]: 'in_review', [uuidOf(notOwn)]: 'draft',
    });
    const [foreignRow] = await t.sql(`SELECT status FROM asset WHERE id = $1`, [uuidOf(foreign)]);
    expect(foreignRow.status).toBe('draft');
  });

  it('bulk: more than 500 ids is a BAD_USER_INPUT naming assetIds', async () => {
    const ids = Array.from({ length: 501 }, () => 'x');
    const res = await t.gql(BULK, { i: { assetIds: ids, to: 'IN_REVIEW' } }, ws.keys.admin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('assetIds');
  });

  it('writes one STATUS_CHANGED event and one outbox row per transition, in the same transaction', async () => {
    const id = await assetIn('IN_REVIEW');
    await transition('approver', { assetId: id, to: 'APPROVED' });
    const out = await t.sql(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'asset.status_changed' ORDER BY id`, [uuidOf(id)]);
    expect(out.map((o: { payload: { to: string } }) => o.payload.to)).toEqual(['in_review', 'approved']);
    const ev = await t.sql(`SELECT id::text FROM asset_event WHERE asset_id = $1 AND type = 'STATUS_CHANGED' ORDER BY id`, [uuidOf(id)]);
    expect(out.map((o: { payload: { eventId: string } }) => o.payload.eventId)).toEqual(ev.map((e: { id: string }) => e.id));
    expect(out[1].payload).toMatchObject({ from: 'in_review', to: 'approved', action: 'approve', actorId: principalIds.approver, reason: null });
  });

  it('asset.events: the complete history, oldest first, keyset-paginated', async () => {
    const id = await newAsset();
    await transition('contributor', { assetId: id, to: 'IN_REVIEW' });
    await transition('approver', { assetId: id, to: 'CHANGES_REQUESTED', reason: 'brighter' });
    await transition('contributor', { assetId: id, to: 'IN_REVIEW' });
    await transition('approver', { assetId: id, to: 'APPROVED' });
    const q = `query($id: ID!, $after: String) { asset(id: $id) { events(first: 2, after: $after) {
      edges { cursor node { id type at data actor { id role } } } pageInfo { hasNextPage endCursor } } } }`;
    const all: { type: string; data: Record<string, unknown>; actor: { role: string }; at: string; id: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await t.gql(q, { id, after }, ws.keys.viewer)).data.asset.events;
      // Processing events interleave asynchronously; this test is about the review history.
      all.push(...page.edges.map((e: { node: never }) => e.node).filter((n: { type: string }) => !n.type.startsWith('PROCESS')));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all.map((e) => e.type)).toEqual(['INGESTED', 'STATUS_CHANGED', 'STATUS_CHANGED', 'STATUS_CHANGED', 'STATUS_CHANGED']);
    expect(all.slice(1).map((e) => [e.data.from, e.data.to, e.actor.role])).toEqual([
      ['draft', 'in_review', 'CONTRIBUTOR'],
      ['in_review', 'changes_requested', 'APPROVER'],
      ['changes_requested', 'in_review', 'CONTRIBUTOR'],
      ['in_review', 'approved', 'APPROVER'],
    ]);
    const times = all.map((e) => new Date(e.at).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // node(id) finds an event; another workspace cannot.
    const node = await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on AssetEvent { type } } }`, { id: all[1].id }, ws.keys.viewer);
    expect(node.data.node).toEqual({ __typename: 'AssetEvent', type: 'STATUS_CHANGED' });
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: all[1].id }, other.keys.admin)).data.node).toBeNull();
  });

  it('events(...): workspace-scoped audit trail filtered by project, types, actor and time', async () => {
    const p2 = await createProject(t, ws.keys.contributor, `Filters ${seq}`);
    const a = (await ingest(t, ws.keys.contributor, p2, await png())).id;
    const since = new Date(Date.now() - 1000).toISOString();
    await transition('contributor', { assetId: a, to: 'IN_REVIEW' });
    await transition('approver', { assetId: a, to: 'APPROVED' });
    const q = `query($p: ID, $types: [String!], $actor: ID, $since: DateTime, $until: DateTime) {
      events(projectId: $p, types: $types, actor: $actor, since: $since, until: $until, first: 50) { edges { node { type data actor { id } } } } }`;
    const types = async (vars: Record<string, unknown>, key = ws.keys.viewer) =>
      (await t.gql(q, vars, key)).data.events.edges.map((e: { node: { type: string; data: { to?: string } } }) => `${e.node.type}${e.node.data.to ? `:${e.node.data.to}` : ''}`);
    const REVIEW = ['INGESTED', 'STATUS_CHANGED']; // processing events arrive asynchronously
    expect(await types({ p: p2, types: REVIEW })).toEqual(['INGESTED', 'STATUS_CHANGED:in_review', 'STATUS_CHANGED:approved']);
    expect(await types({ p: p2, types: ['STATUS_CHANGED'] })).toEqual(['STATUS_CHANGED:in_review', 'STATUS_CHANGED:approved']);
    expect(await types({ p: p2, actor: principalIds.approver })).toEqual(['STATUS_CHANGED:approved']);
    expect(await types({ p: p2, types: REVIEW, since, until: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(3);
    expect(await types({ p: p2, until: since })).toEqual([]);
    // Workspace B sees nothing of A: not by project id, not in its own trail.
    expect(await types({ p: p2 }, other.keys.admin)).toEqual([]);
    const bAll = (await t.gql(`{ events(first: 200) { edges { node { asset { id } } } } }`, {}, other.keys.admin)).data.events.edges;
    expect(bAll.some((e: { node: { asset: { id: string } | null } }) => e.node.asset?.id === a)).toBe(false);
  });

  it('has no API to edit or delete events', async () => {
    const res = await t.gql(`{ __schema { mutationType { fields { name } } } }`, {}, ws.keys.admin);
    const names: string[] = res.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n) => /event/i.test(n))).toEqual([]);
  });

  it('tenancy: another workspace gets NotFoundError and cannot change anything', async () => {
    const id = await assetIn('IN_REVIEW');
    expect(await transition('admin', { assetId: id, to: 'APPROVED' }, other)).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await transition('admin', { assetId: 'not-an-id', to: 'APPROVED' })).toMatchObject({ __typename: 'NotFoundError' });
    expect((await t.gql(`query($id: ID!) { asset(id: $id) { id events { edges { node { id } } } } }`, { id }, other.keys.admin)).data.asset).toBeNull();
    const [row] = await t.sql(`SELECT status FROM asset WHERE id = $1`, [uuidOf(id)]);
    expect(row.status).toBe('in_review');
  });

  describe('comments', () => {
    const ADD = `mutation($i: AddCommentInput!) { addComment(input: $i) { id body createdAt resolvedAt author { id role }
      region { x y width height } timeRange { startMs endMs } } }`;

    it('adds a comment with a region, lists it on the asset, writes COMMENTED + outbox', async () => {
      const id = await newAsset();
      const res = await t.gql(ADD, { i: { assetId: id, body: '  Fix the left hand\r\nplease ', region: { x: 0.1, y: 0.2, width: 0.7, height: 0.8 } } }, ws.keys.approver);
      expect(res.errors).toBeUndefined();
      const c = res.data.addComment;
      expect(c).toMatchObject({ body: 'Fix the left hand\nplease', resolvedAt: null, author: { id: principalIds.approver, role: 'APPROVER' }, region: { x: 0.1, y: 0.2, width: 0.7, height: 0.8 }, timeRange: null });
      const list = await t.gql(`query($id: ID!) { asset(id: $id) { comments { id body } } }`, { id }, ws.keys.viewer);
      expect(list.data.asset.comments).toEqual([{ id: c.id, body: 'Fix the left hand\nplease' }]);
      const ev = await t.sql(`SELECT data FROM asset_event WHERE asset_id = $1 AND type = 'COMMENTED'`, [uuidOf(id)]);
      expect(ev[0].data).toMatchObject({ commentId: uuidOf(c.id), body: 'Fix the left hand\nplease' });
      const out = await t.sql(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'asset.commented'`, [uuidOf(id)]);
      expect(out).toHaveLength(1);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['region past the right edge', { body: 'x', region: { x: 0.5, y: 0, width: 0.6, height: 0.5 } }, 'region.width'],
      ['negative x', { body: 'x', region: { x: -0.1, y: 0, width: 0.5, height: 0.5 } }, 'region.x'],
      ['zero height', { body: 'x', region: { x: 0, y: 0, width: 0.5, height: 0 } }, 'region.height'],
      ['empty body', { body: '   ' }, 'body'],
      ['control characters', { body: 'a\u0007b' }, 'body'],
      ['too long body', { body: 'x'.repeat(5001) }, 'body'],
      ['time range on an image', { body: 'x', timeRange: { startMs: 0, endMs: 100 } }, 'timeRange'],
      ['time range reversed', { body: 'x', timeRange: { startMs: 100, endMs: 50 } }, 'timeRange.endMs'],
    ])('rejects %s with BAD_USER_INPUT naming the field', async (_name, input, field) => {
      const id = await newAsset();
      const res = await t.gql(ADD, { i: { assetId: id, ...input } }, ws.keys.contributor);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.errors?.[0].message).toContain(field);
      expect(await t.sql(`SELECT 1 FROM comment WHERE asset_id = $1`, [uuidOf(id)])).toHaveLength(0);
    });

    it('viewers cannot comment; another workspace gets NOT_FOUND', async () => {
      const id = await newAsset();
      expect((await t.gql(ADD, { i: { assetId: id, body: 'hi' } }, ws.keys.viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(ADD, { i: { assetId: id, body: 'hi' } }, other.keys.admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('resolve and reopen: author, asset owner and approvers may; others may not; other workspaces see nothing', async () => {
      const id = await newAsset();
      const c = (await t.gql(ADD, { i: { assetId: id, body: 'too dark' } }, ws.keys.approver)).data.addComment;
      const RESOLVE = `mutation($id: ID!) { resolveComment(id: $id) { id resolvedAt resolvedBy { role } } }`;
      const REOPEN = `mutation($id: ID!) { reopenComment(id: $id) { id resolvedAt } }`;
      const stranger = (await t.app.get(ApiKeyService).createKey(ws.id, Role.CONTRIBUTOR, 'another contributor')).apiKey;
      expect((await t.gql(RESOLVE, { id: c.id }, stranger)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(RESOLVE, { id: c.id }, other.keys.admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, other.keys.admin)).data.node).toBeNull();

      const resolved = (await t.gql(RESOLVE, { id: c.id }, ws.keys.contributor)).data.resolveComment; // the asset's owner
      expect(resolved.resolvedAt).not.toBeNull();
      expect(resolved.resolvedBy.role).toBe('CONTRIBUTOR');
      const again = (await t.gql(RESOLVE, { id: c.id }, ws.keys.approver)).data.resolveComment; // idempotent
      expect(again.resolvedAt).toBe(resolved.resolvedAt);
      expect((await t.gql(REOPEN, { id: c.id }, ws.keys.approver)).data.reopenComment.resolvedAt).toBeNull();
      const types = await t.sql(`SELECT type FROM asset_event WHERE asset_id = $1 AND type LIKE 'COMMENT%' ORDER BY id`, [uuidOf(id)]);
      expect(types.map((r: { type: string }) => r.type)).toEqual(['COMMENTED', 'COMMENT_RESOLVED', 'COMMENT_REOPENED']);
      const node = await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on Comment { body } } }`, { id: c.id }, ws.keys.viewer);
      expect(node.data.node).toEqual({ __typename: 'Comment', body: 'too dark' });
    });
  });
});

function uuidOf(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
}
