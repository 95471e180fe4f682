import { classifyValidation, mapC2paStore } from './c2pa-summary.mapper';

describe('classifyValidation', () => {
  it('orders hash mismatch > bad signature > other failure > untrusted > valid', () => {
    expect(classifyValidation([])).toBe('valid');
    expect(classifyValidation(['signingCredential.untrusted'])).toBe('untrusted');
    expect(classifyValidation(['signingCredential.untrusted', 'claimSignature.mismatch'])).toBe('invalid_signature');
    expect(classifyValidation(['claimSignature.mismatch', 'assertion.dataHash.mismatch'])).toBe('hash_mismatch');
    expect(classifyValidation(['assertion.bmffHash.mismatch'])).toBe('hash_mismatch');
    expect(classifyValidation(['signingCredential.untrusted', 'assertion.missing'])).toBe('error');
  });
});

describe('mapC2paStore', () => {
  it('maps a Reader JSON store (synthetic, v1 ingredient with an asset hash)', () => {
    const store = {
      active_manifest: 'urn:x',
      manifests: {
        'urn:x': {
          claim_generator_info: [{ name: 'GenTool', version: '2.0' }],
          title: 'out.png',
          assertions: [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia', softwareAgent: { name: 'Diffuser' }, parameters: { 'org.example.modelId': 'sdxl' } }] } }],
          ingredients: [{ title: 'in.png', relationship: 'inputTo', hash: "b64'5dNlxTKe4afGAicpJa1hF1R3mBZKE+Bl0xmh0McXuO4='" }],
        },
      },
      validation_status: [{ code: 'signingCredential.untrusted', explanation: 'signing certificate untrusted' }],
    };
    const m = mapC2paStore(store)!;
    expect(m.summary).toEqual({
      present: true,
      claimGenerator: 'GenTool/2.0',
      title: 'out.png',
      digitalSourceType: 'compositeWithTrainedAlgorithmicMedia',
      actions: ['c2pa.created'],
      ingredients: [{ title: 'in.png', relationship: 'inputTo', hash: 'sha256:e5d365c5329ee1a7c602272925ad6117547798164a13e065d319a1d0c717b8ee' }],
      validation: 'untrusted',
      validationErrors: ['signingCredential.untrusted: signing certificate untrusted'],
    });
    expect(m.generation).toEqual({ model: 'sdxl', tool: 'Diffuser' });
    expect(m.ingredientSha256).toEqual(['e5d365c5329ee1a7c602272925ad6117547798164a13e065d319a1d0c717b8ee']);
  });
  it('returns undefined without an active manifest', () => {
    expect(mapC2paStore({ manifests: {} })).toBeUndefined();
    expect(mapC2paStore(null)).toBeUndefined();
  });
});
