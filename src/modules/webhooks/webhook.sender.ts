import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { BlockedUrlError, FetchFailedError, safeRequest } from '../../infrastructure/http';
import { SIGNATURE_HEADER, signatureHeader } from './webhook.signature';

export interface SendResult {
  status: number | null;
  succeeded: boolean;
  error: string | null;
  /** Retrying cannot help (the URL is blocked by the SSRF guard). */
  permanent: boolean;
  durationMs: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** The HTTP side of a delivery: signs the body and POSTs it through the SSRF guard (re-checked on every send). */
@Injectable()
export class WebhookSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(url: string, secret: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = Date.now();
    const timestamp = Math.floor(started / 1000);
    const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Date.now() - started });
    try {
      const res = await safeRequest(url, {
        method: 'POST',
        body,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'user-agent': 'Lightbox-Webhooks/1.0',
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
        },
        maxBytes: MAX_RESPONSE_BYTES,
        timeoutMs: this.config.webhooks.timeoutMs,
        // A redirect would turn the POST into a GET to somewhere else: treat it as a failure instead.
        maxRedirects: 0,
        allowedCidrs: this.config.webhooks.allowedCidrs,
      });
      res.body.destroy(); // the receiver's answer is not used; only its status counts
      return done({ status: res.status, succeeded: true, error: null, permanent: false });
    } catch (err) {
      if (err instanceof BlockedUrlError) return done({ status: null, succeeded: false, error: err.message, permanent: true });
      if (err instanceof FetchFailedError) return done({ status: err.status ?? null, succeeded: false, error: err.message, permanent: false });
      return done({ status: null, succeeded: false, error: (err as Error).message || 'request failed', permanent: false });
    }
  }
}
