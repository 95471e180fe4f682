import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact HMAC-signed, expiring tokens for the api's own URLs (fs uploads and downloads).
 * Format: base64url(json payload) "." base64url(HMAC-SHA256). Any change to either part fails.
 */
export function signToken(payload: Record<string, unknown>, secret: string, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

export function verifyToken<T extends Record<string, unknown>>(token: string, secret: string, now = Date.now()): T | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { exp?: number };
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < now) return null;
    return payload;
  } catch {
    return null;
  }
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
