import { buildProvenance, ProvenanceFacts } from './provenance.document';

const base: ProvenanceFacts = {
  asset: {
    id: 'a3', title: 't', kind: 'image', createdAt: new Date('2026-01-01T00:00:00Z'), createdBy: 'k1', projectId: 'p1',
    operation: 'upscale', parentSource: 'client', status: 'approved', statusChangedAt: null,
    approvedAt: new Date('2026-01-02T00:00:00Z'), approvedBy: 'k2',
  },
  blob: { sha256: 'f'.repeat(64), mime: 'image/png', size: 10 },
  generation: { model: 'm', prompt: '', seed: '1' },
  generationSources: { model: 'a1111', seed: 'client' },
  embeddedMetadata: null,
  chain: [
    { id: 'a2', depth: 1, title: null, status: 'draft', operation: 'variation', parentSource: 'c2pa' },
    { id: 'a1', depth: 2, title: null, status: 'draft', operation: null, parentSource: null },
  ],
  chainTruncated: false,
  stack: null,
  globalId: (type, id) => `${type}:${id}`,
};

describe('buildProvenance', () => {
  it('pairs each generation field with its source and skips empty ones', () => {
    expect(buildProvenance(base).generation).toEqual({ model: { value: 'm', source: 'a1111' }, seed: { value: '1', source: 'client' } });
  });

  it('describes each parent-chain link by the operation of the asset one step closer', () => {
    const doc = buildProvenance(base);
    expect(doc.parent).toEqual({ id: 'Asset:a2', operation: 'upscale', source: 'client' });
    expect(doc.parentChain).toEqual([
      { depth: 1, id: 'Asset:a2', title: null, status: 'draft', derivedChild: { operation: 'upscale', linkSource: 'client' } },
      { depth: 2, id: 'Asset:a1', title: null, status: 'draft', derivedChild: { operation: 'variation', linkSource: 'c2pa' } },
    ]);
  });

  it('summarises C2PA from embedded metadata and is null without it', () => {
    expect(buildProvenance(base).c2pa).toBeNull();
    const doc = buildProvenance({ ...base, embeddedMetadata: { aiGenerated: true, c2pa: { claimGenerator: 'X', validation: 'valid', actions: ['c2pa.created'] } } });
    expect(doc.c2pa).toMatchObject({ claimGenerator: 'X', validation: 'valid', actions: ['c2pa.created'], ingredients: [] });
    expect(doc.aiGenerated).toBe(true);
  });

  it('is plain JSON with a null template and ISO dates', () => {
    const doc = buildProvenance({ ...base, chain: [], stack: { id: 's1', isPick: true } });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc).toMatchObject({ parent: null, template: null, stack: { id: 'Stack:s1', isPick: true }, review: { approvedAt: '2026-01-02T00:00:00.000Z', approvedBy: 'k2' } });
  });
});
