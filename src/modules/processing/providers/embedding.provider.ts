import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';

export interface EmbeddingVector {
  provider: string;
  version: string;
  vector: number[];
}

/**
 * Optional HTTP embedding provider, off unless EMBEDDING_URL is set: OpenAI-compatible
 * `POST {EMBEDDING_URL}/v1/embeddings` for prompt text, and EMBEDDING_IMAGE_URL (a CLIP-style
 * endpoint taking `{model, image: <base64 WebP>}`) for pixels. The URLs are operator config, not user input.
 */
@Injectable()
export class HttpEmbeddingProvider {
  readonly provider = 'openai-compatible';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get textEnabled(): boolean {
    return !!this.config.processing.embedding.url;
  }

  get imageEnabled(): boolean {
    return !!this.config.processing.embedding.imageUrl;
  }

  async embedText(text: string): Promise<EmbeddingVector> {
    const c = this.config.processing.embedding;
    const body = await postJson(`${c.url}/v1/embeddings`, { model: c.model, input: text }, c.apiKey, c.timeoutMs);
    return { provider: this.provider, version: String(body.model ?? c.model), vector: vectorOf(body) };
  }

  async embedImage(webp: Buffer): Promise<EmbeddingVector> {
    const c = this.config.processing.embedding;
    const body = await postJson(c.imageUrl!, { model: c.model, image: webp.toString('base64') }, c.apiKey, c.timeoutMs);
    return { provider: `${this.provider}-image`, version: String(body.model ?? c.model), vector: vectorOf(body) };
  }
}

export async function postJson(url: string, payload: unknown, apiKey: string | null, timeoutMs: number): Promise<Record<string, any>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`${new URL(url).host} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as Record<string, any>;
}

/** `{data: [{embedding}]}` (OpenAI) or `{embedding}`; finite numbers only. */
function vectorOf(body: Record<string, any>): number[] {
  const v = body?.data?.[0]?.embedding ?? body?.embedding;
  if (!Array.isArray(v) || !v.length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new Error('embedding provider answered without a numeric vector');
  }
  return v;
}
