import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, createUpload, ingest } from '../support/ingest';

describe('API keys, roles and workspace isolation', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let projectA: string;
  let assetA: { id: string };

  beforeAll(async () => {
    t = await startApp();
    a = await t.workspace('A');
    b = await t.workspace('B');
    projectA = await createProject(t, a.keys.contributor, 'Secret launch');
    assetA = await ingest(t, a.keys.contributor, projectA, await readFile(join(__dirname, '../fixtures/ingest/skimage_rocket.jpg')));
  });
  afterAll(() => t?.close());

  it('rejects requests without a key, with a malformed key and with an unknown key', async () => {
    for (const key of [null, 'not-a-key', 'lbx_aaaaaaaaaaaa_' + 'x'.repeat(43)]) {
      const res = await t.gql(`{ projects { id } }`, {}, key);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].extensions).not.toHaveProperty('http');
      expect(res.data).toBeNull();
      // GraphQL over HTTP (application/json): a well-formed request is answered 200, errors or not (docs/api.md).
      expect(res.status).toBe(200);
    }
  });

  it('answers 400 to a request that fails before execution, 200 to one whose fields fail', async () => {
    const post = (body: string) => fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.keys.viewer}` }, body });
    expect((await post('{bad')).status).toBe(400);
    const failures = [[{}, 'BAD_USER_INPUT'], [{ query: '{' }, 'GRAPHQL_PARSE_FAILED'], [{ query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: `{ asset(id: "x") { ${'parent { '.repeat(14)}id${' }'.repeat(14)} } }` }, 'QUERY_TOO_DEEP']] as const;
    for (const [body, code] of failures) {
      const res = await post(JSON.stringify(body));
      expect({ status: res.status, code: ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code }).toEqual({ status: 400, code });
    }
    const res = await post(JSON.stringify({ query: '{ asset(id: "nope") { id } projects { id } }' }));
    expect(res.status).toBe(200);
  });

  it('stores keys as prefix + SHA-256, never the secret', async () => {
    const rows = await t.sql(`SELECT prefix, secret_hash FROM api_key WHERE workspace_id = $1`, [a.id]);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      // The secret part follows `lbx_<12-char prefix>_` (and may itself contain '_').
      for (const key of Object.values(a.keys)) expect(row.secret_hash).not.toContain(key.slice('lbx_'.length + 12 + 1));
    }
  });

  it('a revoked key stops working at once', async () => {
    const keys = t.app.get(ApiKeyService);
    const { apiKey, prefix } = await keys.createKey(a.id, 'viewer' as never, 'temp');
    expect((await t.gql(`{ projects { id } }`, {}, apiKey)).errors).toBeUndefined();
    expect(await keys.revoke(prefix)).toBe(true);
    const res = await t.gql(`{ projects { id } }`, {}, apiKey);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a viewer can read but cannot create projects or uploads', async () => {
    expect((await t.gql(`{ asset(id: "${assetA.id}") { id } }`, {}, a.keys.viewer)).data.asset.id).toBe(assetA.id);
    const p = await t.gql(`mutation { createProject(input: { name: "x" }) { id } }`, {}, a.keys.viewer);
    expect(p.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await expect(createUpload(t, a.keys.viewer, projectA, Buffer.from('x'))).rejects.toThrow(/FORBIDDEN/);
  });

  it('another workspace sees A\u2019s objects exactly as if they did not exist', async () => {
    const asB = (q: string) => t.gql(q, {}, b.keys.admin);
    expect((await asB(`{ asset(id: "${assetA.id}") { id } }`)).data.asset).toBeNull();
    expect((await asB(`{ node(id: "${assetA.id}") { id } }`)).data.node).toBeNull();
    expect((await asB(`{ project(id: "${projectA}") { id } }`)).data.project).toBeNull();
    expect((await asB(`{ node(id: "${projectA}") { id } }`)).data.node).toBeNull();
    expect((await asB(`{ projects { id } }`)).data.projects).toEqual([]);
    expect((await asB(`{ assets { edges { node { id } } } }`)).data.assets.edges).toEqual([]);
    expect((await asB(`{ assets(projectId: "${projectA}") { edges { node { id } } } }`)).data.assets.edges).toEqual([]);
    // …and the same answers as for ids that never existed.
    const missing = Buffer.from('Asset:00000000-0000-4000-8000-000000000000').toString('base64url');
    expect((await asB(`{ asset(id: "${missing}") { id } }`)).data.asset).toBeNull();
    // B cannot upload into A's project either.
    await expect(createUpload(t, b.keys.admin, projectA, Buffer.from('x'))).rejects.toThrow(/NOT_FOUND/);
  });

  it('resolves node(id) for assets and projects of the caller\u2019s workspace', async () => {
    const res = await t.gql(`{ a: node(id: "${assetA.id}") { __typename id } p: node(id: "${projectA}") { __typename ... on Project { slug } } }`, {}, a.keys.viewer);
    expect(res.data.a).toEqual({ __typename: 'Asset', id: assetA.id });
    expect(res.data.p).toEqual({ __typename: 'Project', slug: 'secret-launch' });
  });

  it('paginates assets with stable cursors', async () => {
    const png = await readFile(join(__dirname, '../fixtures/ingest/skimage_coffee.png'));
    const pid = await createProject(t, a.keys.contributor, 'Paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ingest(t, a.keys.contributor, pid, png, { title: `v${i}` })).id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await t.gql(`query($p: ID, $a: String) { assets(projectId: $p, first: 2, after: $a) { edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }`, { p: pid, a: after }, a.keys.viewer);
      seen.push(...res.data.assets.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!res.data.assets.pageInfo.hasNextPage) break;
      after = res.data.assets.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const bad = await t.gql(`{ assets(first: 1000) { edges { cursor } } }`, {}, a.keys.viewer);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('validates inputs with a clear error naming the field', async () => {
    const res = await t.gql(
      `mutation($i: CreateUploadInput!) { createUpload(input: $i) { uploadId } }`,
      { i: { projectId: projectA, filename: 'x.png', contentType: 'image/png', size: 10, sha256: 'nothex' } },
      a.keys.contributor,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/sha256/);
  });

  it('never leaks internals: unknown fields are validation errors without stack traces', async () => {
    const res = await t.gql(`{ nope }`, {}, a.keys.viewer);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:/);
  });
});
