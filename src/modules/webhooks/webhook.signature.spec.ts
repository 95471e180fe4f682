import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './webhook.signature';

describe('webhook signature', () => {
  const secret = 'whsec_test_secret_0123456789';
  const body = '{"event":"asset.status_changed"}';

  it('is HMAC-SHA256 of "<t>.<body>" with the secret, as documented', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own header and rejects a changed body, another secret or a stale timestamp', () => {
    const header = signatureHeader(secret, 1700000000, body);
    expect(verifySignature(secret, header, body, 1700000010)).toBe(true);
    expect(verifySignature(secret, header, body.replace('status', 'x'), 1700000010)).toBe(false);
    expect(verifySignature('another-secret-0123456789', header, body, 1700000010)).toBe(false);
    expect(verifySignature(secret, header, body, 1700000000 + 3600)).toBe(false);
    expect(verifySignature(secret, 't=abc,v1=zz', body, 1700000000)).toBe(false);
  });
});
