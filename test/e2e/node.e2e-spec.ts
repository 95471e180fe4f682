import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, ingest } from '../support/ingest';

// node(id) resolves every Node type through the registry, scoped to the caller's workspace (and role).
describe('node(id) for every Node type', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp({ ROLE: 'api', WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32' });
    a = await t.workspace();
    b = await t.workspace();
    const png = await readFile(join(__dirname, '../fixtures/ingest/skimage_coffee.png'));
    const projectId = await createProject(t, a.keys.contributor);
    const one = await ingest(t, a.keys.contributor, projectId, png, { title: 'one' });
    const two = await ingest(t, a.keys.contributor, projectId, png, { title: 'two' });
    const q = async (query: string, key = a.keys.admin) => {
      const res = await t.gql(query, {}, key);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    };
    ids.Asset = one.id;
    ids.Project = projectId;
    ids.Comment = (await q(`mutation { addComment(input: { assetId: "${one.id}", body: "crop tighter" }) { id } }`)).addComment.id;
    ids.Stack = (await q(`mutation { createStack(input: { assetIds: ["${one.id}", "${two.id}"] }) { ... on Stack { id } } }`)).createStack.id;
    ids.AssetEvent = (await q(`{ asset(id: "${one.id}") { events(first: 1) { edges { node { id } } } } }`)).asset.events.edges[0].node.id;
    ids.Webhook = (await q(`mutation { createWebhook(input: { url: "http://127.0.0.1:9/hook", events: ["*"], secret: "s3cret-s3cret-s3cret" }) { ... on Webhook { id } } }`)).createWebhook.id;
    ids.Job = (await q(`mutation { reindex { id } }`)).reindex.id;
  });
  afterAll(() => t?.close());

  it.each(['Asset', 'Project', 'Comment', 'Stack', 'AssetEvent', 'Webhook', 'Job'])('resolves a %s for its workspace, and nothing for another', async (type) => {
    const own = await t.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id: ids[type] }, a.keys.admin);
    expect(own.data.node).toEqual({ __typename: type, id: ids[type] });
    const other = await t.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id: ids[type] }, b.keys.admin);
    expect(other.data.node).toBeNull();
  });

  it('keeps admin-only types admin-only', async () => {
    const res = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: ids.Webhook }, a.keys.viewer);
    expect(res.data.node).toBeNull();
  });

  it('answers null for malformed and unknown ids', async () => {
    for (const id of ['nope', Buffer.from('Asset:not-a-uuid').toString('base64url'), Buffer.from('Spaceship:1').toString('base64url')]) {
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, a.keys.admin)).data.node).toBeNull();
    }
  });
});
