import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EntityRows } from '../../src/infrastructure/database/entity-rows';
import { preparedQuery } from '../../src/infrastructure/database/prepared-query';
import { AssetEntity } from '../../src/modules/assets/asset.entity';
import { AssetService } from '../../src/modules/assets/asset.service';
import { BlobEntity } from '../../src/modules/assets/blob.entity';
import { fromGlobalId } from '../../src/common/graphql/global-id';
import { startApp, TestApp, TestWorkspace } from '../support/app';
import { createProject, ingest } from '../support/ingest';

// Hot reads hydrate entities from plain SQL: they must equal what a repository read gives.
describe('EntityRows', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let db: DataSource;
  let assetId: string;

  beforeAll(async () => {
    t = await startApp({ ROLE: 'api' });
    a = await t.workspace();
    db = t.app.get(DataSource);
    const png = await readFile(join(__dirname, '../fixtures/ingest/skimage_coffee.png'));
    const projectId = await createProject(t, a.keys.contributor);
    const asset = await ingest(t, a.keys.contributor, projectId, png, { title: 'rows', generation: { prompt: 'a cup of coffee', seed: '42' } });
    assetId = fromGlobalId(asset.asset?.id ?? asset.id)!.id;
    // Nullable and non-null values of every column type the entity has (timestamps, jsonb, int, boolean, char).
    await t.sql(
      `UPDATE asset SET width = 10, height = 20, phash = 'a1b2c3d4e5f60718', palette = '[{"hex":"#ff0000","weight":1,"name":"red"}]',
         approved_at = now(), ai_generated = true, embedded_metadata = '{"c2pa":{"present":false}}' WHERE id = $1`,
      [assetId],
    );
  });
  afterAll(() => t?.close());

  it('hydrates an asset exactly as the repository does, foreign keys included', async () => {
    const rows = new EntityRows(db, AssetEntity, 'a');
    const [row] = await t.sql(`SELECT ${rows.select} FROM asset a WHERE a.id = $1`, [assetId]);
    const viaRows = rows.hydrate(row);
    const viaRepo = await db.getRepository(AssetEntity).findOneByOrFail({ id: assetId });
    expect(viaRows).toBeInstanceOf(AssetEntity);
    expect(viaRows).toStrictEqual(viaRepo);
    expect(viaRows.approvedAt).toBeInstanceOf(Date);
    expect(viaRows.generation).toMatchObject({ prompt: 'a cup of coffee', seed: '42' });
    expect(viaRows.blobId).toEqual(expect.any(String));
    // select: false, as in a repository read: the raw metadata is read on its own where it is needed.
    expect(viaRows).not.toHaveProperty('embeddedMetadata');
    expect(await t.app.get(AssetService).embeddedMetadata(a.id, [assetId])).toEqual(new Map([[assetId, { c2pa: { present: false } }]]));
  });

  it('applies column transformers (blob size: bigint → number)', async () => {
    const rows = new EntityRows(db, BlobEntity, 'b');
    const [row] = await t.sql(`SELECT ${rows.select} FROM blob b JOIN asset a ON a.blob_id = b.id WHERE a.id = $1`, [assetId]);
    const blob = rows.hydrate(row);
    expect(blob).toStrictEqual(await db.getRepository(BlobEntity).findOneByOrFail({ id: blob.id }));
    expect(typeof blob.size).toBe('number');
  });

  it('findByIds reads only the workspace\'s live assets', async () => {
    const assets = t.app.get(AssetService);
    const other = await t.workspace();
    // find() reads rows as arrays: the same entity as a repository read.
    expect(await assets.findByIds(a.id, [assetId])).toStrictEqual([await db.getRepository(AssetEntity).findOneByOrFail({ id: assetId })]);
    expect(await assets.findByIds(other.id, [assetId])).toEqual([]);
    await t.sql(`UPDATE asset SET deleted_at = now() WHERE id = $1`, [assetId]);
    expect(await assets.findByIds(a.id, [assetId])).toEqual([]);
  });

  it('preparedQuery runs on the transaction of a transaction\'s manager, and on the pool otherwise', async () => {
    const title = (m: DataSource['manager']) => preparedQuery<{ title: string }>(m, 'test_asset_title', 'SELECT title FROM asset WHERE id = $1', [assetId]);
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE asset SET title = 'uncommitted' WHERE id = $1`, [assetId]);
      expect(await title(tx)).toEqual([{ title: 'uncommitted' }]);
      expect(await title(db.manager)).toEqual([{ title: 'rows' }]);
    });
    expect(await title(db.manager)).toEqual([{ title: 'uncommitted' }]);
  });
});
