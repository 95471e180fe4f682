import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { postJson } from './embedding.provider';

export interface VisionTag {
  label: string;
  confidence: number;
}

/** What the tag step needs from a vision model; swap the implementation to use another service. */
export abstract class VisionTagger {
  abstract readonly enabled: boolean;
  abstract readonly version: string;
  abstract tag(webp: Buffer): Promise<VisionTag[]>;
}

/**
 * HTTP vision tagger, off unless VISION_TAGGER_URL is set: `POST {url}` with `{image: <base64 WebP>}`,
 * answering `{model?, tags: [{label, confidence}]}`.
 */
@Injectable()
export class HttpVisionTagger extends VisionTagger {
  version = 'http-vision';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  get enabled(): boolean {
    return !!this.config.processing.visionTagger.url;
  }

  async tag(webp: Buffer): Promise<VisionTag[]> {
    const c = this.config.processing.visionTagger;
    const body = await postJson(c.url!, { image: webp.toString('base64') }, c.apiKey, c.timeoutMs);
    if (typeof body.model === 'string') this.version = `http-vision:${body.model}`;
    const tags = Array.isArray(body.tags) ? body.tags : [];
    return tags
      .filter((t: any) => typeof t?.label === 'string' && t.label.trim())
      .map((t: any) => ({ label: String(t.label).trim(), confidence: clamp01(Number(t.confidence)) }));
  }
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0.5;
}
