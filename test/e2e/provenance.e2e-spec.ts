import sharp from 'sharp';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, ingest } from '../support/ingest';

let seq = 1000;
async function png(): Promise<Buffer> {
  seq += 1;
  return sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 7, g: seq % 256, b: (seq >> 8) % 256 } } }).png().toBuffer();
}
const uuidOf = (g: string) => Buffer.from(g, 'base64url').toString('utf8').split(':')[1];

const STACK = `__typename ... on Stack { id pick { id } members { id } } ... on ErrorResult { code message }`;

describe('provenance, lineage and stacks', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let projectId: string;

  beforeAll(async () => {
    t = await startApp();
    ws = await t.workspace();
    other = await t.workspace();
    projectId = await createProject(t, ws.keys.contributor, 'Lineage');
  });
  afterAll(async () => t?.close());

  const add = async (extra: Record<string, unknown> = {}, key = ws.keys.contributor) => (await ingest(t, key, projectId, await png(), extra)).id as string;
  const gql = async (q: string, vars: Record<string, unknown>, key = ws.keys.contributor) => {
    const res = await t.gql(q, vars, key);
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const stackOf = async (id: string, key = ws.keys.viewer) =>
    (await gql(`query($id: ID!) { asset(id: $id) { stack { id pick { id } members { id } } } }`, { id }, key)).asset?.stack ?? null;
  const SET_PARENT = `mutation($i: SetAssetParentInput!) { setAssetParent(input: $i) { __typename ... on Asset { id parent { id } operation } ... on ErrorResult { code message } } }`;

  it('serves ancestors, descendants and edges with operations, depth-capped', async () => {
    const a = await add({ title: 'root' });
    const b = await add({ parentId: a, operation: 'VARIATION' });
    const c = await add({ parentId: b, operation: 'UPSCALE' });
    const d = await add({ parentId: a, operation: 'IMG2IMG' });
    const q = `query($id: ID!, $d: Int) { asset(id: $id) { lineage(depth: $d) { depth ancestorsTruncated descendantsTruncated
      ancestors { id } descendants { id } edges { parent { id } child { id } operation } } } }`;
    const lb = (await gql(q, { id: b, d: 3 }, ws.keys.viewer)).asset.lineage;
    expect(lb.ancestors.map((x: { id: string }) => x.id)).toEqual([a]);
    expect(lb.descendants.map((x: { id: string }) => x.id)).toEqual([c]);
    expect(lb.edges).toEqual(expect.arrayContaining([
      { parent: { id: a }, child: { id: b }, operation: 'VARIATION' },
      { parent: { id: b }, child: { id: c }, operation: 'UPSCALE' },
    ]));
    expect(lb.edges).toHaveLength(2);
    const la1 = (await gql(q, { id: a, d: 1 }, ws.keys.viewer)).asset.lineage;
    expect(la1.descendants.map((x: { id: string }) => x.id).sort()).toEqual([b, d].sort());
    expect(la1).toMatchObject({ depth: 1, descendantsTruncated: true, ancestorsTruncated: false });
    const lc = (await gql(q, { id: c, d: 50 }, ws.keys.viewer)).asset.lineage;
    expect(lc.depth).toBe(10);
    expect(lc.ancestors.map((x: { id: string }) => x.id)).toEqual([b, a]);
    expect((await t.gql(q, { id: c, d: -1 }, ws.keys.viewer)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'depth' });
  });

  it('rejects parent links that would create a cycle; accepts valid relinks', async () => {
    const a = await add();
    const b = await add({ parentId: a, operation: 'EDIT' });
    const c = await add({ parentId: b, operation: 'EDIT' });
    const x = await add();
    const set = async (assetId: string, parentId: string | null, key = ws.keys.contributor) =>
      (await gql(SET_PARENT, { i: { assetId, parentId, operation: 'INPAINT' } }, key)).setAssetParent;
    expect(await set(a, c)).toMatchObject({ __typename: 'LineageCycleError', code: 'LINEAGE_CYCLE' });
    expect(await set(a, a)).toMatchObject({ __typename: 'LineageCycleError' });
    expect((await t.sql(`SELECT parent_id FROM asset WHERE id = $1`, [uuidOf(a)]))[0].parent_id).toBeNull();
    expect(await set(a, x)).toMatchObject({ __typename: 'Asset', parent: { id: x }, operation: 'INPAINT' });
    expect(await set(x, c)).toMatchObject({ __typename: 'LineageCycleError' }); // x is now c's great-grandparent
    const [row] = await t.sql(`SELECT parent_source FROM asset WHERE id = $1`, [uuidOf(a)]);
    expect(row.parent_source).toBe('client');
    expect(await t.sql(`SELECT 1 FROM asset_event WHERE asset_id = $1 AND type = 'DERIVED'`, [uuidOf(a)])).toHaveLength(1);
    expect(await set(a, null)).toMatchObject({ __typename: 'Asset', parent: null, operation: null });
    expect(await set(a, x, ws.keys.viewer)).toMatchObject({ __typename: 'ForbiddenForRoleError' });
    expect(await set(a, x, other.keys.admin)).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('concurrent opposite links cannot both pass the cycle check', async () => {
    const p = await add();
    const q = await add();
    const results = await Promise.all([
      gql(SET_PARENT, { i: { assetId: p, parentId: q } }),
      gql(SET_PARENT, { i: { assetId: q, parentId: p } }),
    ]);
    const types = results.map((r) => r.setAssetParent.__typename).sort();
    expect(types).toEqual(['Asset', 'LineageCycleError']);
  });

  it('a VARIATION of a parent joins the parent\'s stack (created with the parent as pick)', async () => {
    const parent = await add();
    const v1 = await add({ parentId: parent, operation: 'VARIATION' });
    const v2 = await add({ parentId: parent, operation: 'VARIATION' });
    const up = await add({ parentId: parent, operation: 'UPSCALE' });
    const s = await stackOf(v2);
    expect(s.pick.id).toBe(parent);
    expect(s.members.map((m: { id: string }) => m.id)).toEqual([parent, v1, v2]);
    expect((await stackOf(parent)).id).toBe(s.id);
    expect(await stackOf(up)).toBeNull();
    const out = await t.sql(`SELECT payload FROM outbox WHERE topic = 'stack.changed' AND aggregate_id = $1 ORDER BY id`, [uuidOf(s.id)]);
    expect(out.at(-1).payload).toMatchObject({ pickId: uuidOf(parent), memberIds: [parent, v1, v2].map(uuidOf) });
  });

  it('createStack / addToStack / setStackPick / removeFromStack keep exactly one pick', async () => {
    const [a, b, c] = [await add(), await add(), await add()];
    const created = (await gql(`mutation($i: CreateStackInput!) { createStack(input: $i) { ${STACK} } }`, { i: { assetIds: [a, b] } })).createStack;
    expect(created).toMatchObject({ __typename: 'Stack', pick: { id: a } });
    const sid = created.id;
    const added = (await gql(`mutation($i: StackMembershipInput!) { addToStack(input: $i) { ${STACK} } }`, { i: { stackId: sid, assetIds: [c] } })).addToStack;
    expect(added.members.map((m: { id: string }) => m.id)).toEqual([a, b, c]);
    const PICK = `mutation($i: SetStackPickInput!) { setStackPick(input: $i) { ${STACK} } }`;
    // Concurrent pick changes: one pick remains, whichever came last.
    await Promise.all([gql(PICK, { i: { stackId: sid, assetId: b } }), gql(PICK, { i: { stackId: sid, assetId: c } })]);
    const picks = await t.sql(`SELECT id FROM asset WHERE stack_id = $1 AND is_pick`, [uuidOf(sid)]);
    expect(picks).toHaveLength(1);
    const picked = (await gql(PICK, { i: { stackId: sid, assetId: b } })).setStackPick;
    expect(picked.pick.id).toBe(b);
    // The database itself refuses a second pick.
    await expect(t.sql(`UPDATE asset SET is_pick = true WHERE id = $1`, [uuidOf(c)])).rejects.toThrow(/uq_asset_stack_pick/);
    // A non-member cannot be the pick.
    const outsider = await add();
    expect((await gql(PICK, { i: { stackId: sid, assetId: outsider } })).setStackPick.__typename).toBe('NotFoundError');

    const REMOVE = `mutation($i: StackMembershipInput!) { removeFromStack(input: $i) { ${STACK} } }`;
    const removed = (await gql(REMOVE, { i: { stackId: sid, assetIds: [b] } })).removeFromStack;
    expect(removed.pick.id).toBe(a); // the oldest remaining member is promoted
    expect(removed.members.map((m: { id: string }) => m.id)).toEqual([a, c]);
    const emptied = (await gql(REMOVE, { i: { stackId: sid, assetIds: [a, c] } })).removeFromStack;
    expect(emptied).toMatchObject({ __typename: 'Stack', pick: null, members: [] });
    expect(await t.sql(`SELECT 1 FROM stack WHERE id = $1`, [uuidOf(sid)])).toHaveLength(0);
  });

  it('an asset is in at most one stack: createStack moves it and repairs the old stack', async () => {
    const [a, b, c] = [await add(), await add(), await add()];
    const CREATE = `mutation($i: CreateStackInput!) { createStack(input: $i) { ${STACK} } }`;
    const s1 = (await gql(CREATE, { i: { assetIds: [a, b] } })).createStack;
    const s2 = (await gql(CREATE, { i: { assetIds: [c, a] } })).createStack;
    expect(s2.pick.id).toBe(c);
    expect((await stackOf(a)).id).toBe(s2.id);
    const old = await stackOf(b);
    expect(old).toMatchObject({ id: s1.id, pick: { id: b }, members: [{ id: b }] });
  });

  it('stack tenancy and roles', async () => {
    const [a, b] = [await add(), await add()];
    const CREATE = `mutation($i: CreateStackInput!) { createStack(input: $i) { ${STACK} } }`;
    expect((await gql(CREATE, { i: { assetIds: [a] } }, ws.keys.viewer)).createStack.__typename).toBe('ForbiddenForRoleError');
    expect((await gql(CREATE, { i: { assetIds: [a, b] } }, other.keys.admin)).createStack.__typename).toBe('NotFoundError');
    const s = (await gql(CREATE, { i: { assetIds: [a, b] } })).createStack;
    const PICK = `mutation($i: SetStackPickInput!) { setStackPick(input: $i) { ${STACK} } }`;
    expect((await gql(PICK, { i: { stackId: s.id, assetId: b } }, other.keys.admin)).setStackPick.__typename).toBe('NotFoundError');
    expect((await gql(`mutation($i: StackMembershipInput!) { addToStack(input: $i) { ${STACK} } }`, { i: { stackId: s.id, assetIds: [a] } }, other.keys.admin)).addToStack.__typename).toBe('NotFoundError');
    expect((await gql(`query($id: ID!) { node(id: $id) { id } }`, { id: s.id }, other.keys.admin)).node).toBeNull();
    expect((await gql(`query($id: ID!) { node(id: $id) { __typename ... on Stack { pick { id } } } }`, { id: s.id }, ws.keys.viewer)).node).toEqual({ __typename: 'Stack', pick: { id: a } });
    expect((await t.gql(CREATE, { i: { assetIds: [] } }, ws.keys.admin)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assetIds' });
    // The other workspace cannot use A's asset as a parent, nor read its lineage.
    const foreign = await createProject(t, other.keys.contributor, 'B');
    const bad = await t.gql(`mutation($i: CompleteUploadInput!) { completeUpload(input: $i) { __typename } }`, { i: { uploadId: '00000000-0000-0000-0000-000000000000' } }, other.keys.contributor);
    expect(bad.data.completeUpload.__typename).toBe('UploadNotFoundError');
    await expect(ingest(t, other.keys.contributor, foreign, await png(), { parentId: a, operation: 'VARIATION' })).rejects.toThrow(/parentId/);
  });

  it('asset.provenance: generation with sources, C2PA summary, parent chain, stack, review, template', async () => {
    const root = await add({ generation: { model: 'banana-pro', prompt: 'red sneakers', seed: '42' } });
    const child = await add({ parentId: root, operation: 'VARIATION', generation: { model: 'banana-pro', prompt: 'red sneakers, studio' } });
    const grandchild = await add({ parentId: child, operation: 'UPSCALE' });
    await t.sql(`UPDATE asset SET embedded_metadata = $2 WHERE id = $1`, [uuidOf(grandchild), JSON.stringify({
      aiGenerated: true, digitalSourceType: 'trainedAlgorithmicMedia',
      c2pa: { present: true, claimGenerator: 'Adobe Firefly', actions: ['c2pa.created'], ingredients: [], validation: 'valid', validationErrors: [] },
    })]);
    const q = `query($id: ID!) { asset(id: $id) { provenance } }`;
    const p = (await gql(q, { id: grandchild }, ws.keys.viewer)).asset.provenance;
    expect(p).toMatchObject({
      schema: 'lightbox.provenance/v1',
      asset: { id: grandchild, mime: 'image/png' },
      aiGenerated: true,
      c2pa: { claimGenerator: 'Adobe Firefly', validation: 'valid', actions: ['c2pa.created'] },
      parent: { id: child, operation: 'upscale', source: 'client' },
      parentChain: [
        { depth: 1, id: child, derivedChild: { operation: 'upscale', linkSource: 'client' } },
        { depth: 2, id: root, derivedChild: { operation: 'variation', linkSource: 'client' } },
      ],
      parentChainTruncated: false,
      review: { status: 'draft', approvedAt: null },
      template: null,
    });
    const pc = (await gql(q, { id: child }, ws.keys.viewer)).asset.provenance;
    expect(pc.generation).toEqual({ model: { value: 'banana-pro', source: 'client' }, prompt: { value: 'red sneakers, studio', source: 'client' } });
    expect(pc.stack).toMatchObject({ isPick: false });
    expect(pc.c2pa).toBeNull();
    expect(JSON.parse(JSON.stringify(pc))).toEqual(pc); // plain JSON, exportable as is
    expect((await gql(q, { id: grandchild }, other.keys.admin)).asset).toBeNull();
  });
});
