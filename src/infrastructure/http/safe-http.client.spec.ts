import { BlockedUrlError } from './http.errors';
import { SafeHttpClient } from './safe-http.client';

describe('SafeHttpClient', () => {
  it('delegates to safeRequest', async () => {
    await expect(new SafeHttpClient().request('ftp://example.com/', { maxBytes: 1, timeoutMs: 100 })).rejects.toBeInstanceOf(BlockedUrlError);
  });
});
