import { Inject, Injectable } from '@nestjs/common';
import { dirname, join } from 'node:path';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { preparedQuery } from '../../infrastructure/database/prepared-query';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { AssetEntity } from '../assets/asset.entity';
import { AssetKind } from '../assets/asset.enums';
import {
  analyzeImage, DecodedImage, decodeImage, DESCRIPTOR_LENGTH, DESCRIPTOR_VERSION, ImageAnalysis, ImageDecodeError, renderThumbnails, resizePixels,
  SAMPLE_SOURCE_SIZE, THUMBNAIL_WEBP_OPTIONS,
} from './analysis';
import { sharpFromDecoded } from './analysis/decoded-image';
import { stepDef } from './pipeline';
import { HttpEmbeddingProvider } from './providers/embedding.provider';
import { GroupStepHandler, PermanentStepError, StepContext, StepOutcome } from './step-handler';
import { extractPosterFrame } from './video-poster';
import { withTimeout } from './with-timeout';

export const RENDITION_SIZES = [256, 1024] as const;
export const BUILTIN_EMBEDDING_PROVIDER = 'lightbox-visual';

export function renditionKey(sha256: string, size: number): string {
  return `renditions/${sha256.slice(0, 2)}/${sha256}/${size}.webp`;
}

/**
 * render + fingerprint + embed in one job: the original (or a video's poster frame) is decoded
 * ONCE, and the renditions, pHash/palette and visual descriptor all come from those pixels.
 */
@Injectable()
export class PixelsStep implements GroupStepHandler {
  readonly name = 'pixels';
  readonly group = true as const;
  static readonly versions = { render: 'render@1', fingerprint: 'fingerprint@3', embed: `embed@2/${DESCRIPTOR_VERSION}` };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: StoragePort,
    private readonly embeddings: HttpEmbeddingProvider,
  ) {}

  /**
   * An image's pixel steps need none of probe's results (they decode the original themselves), so
   * they run beside probe in its wave. Not a video (its poster frame is picked from probe's
   * duration), nor with a text embedding provider (it embeds the prompt probe may read from the file).
   */
  runsAhead(asset: AssetEntity): boolean {
    return asset.kind === AssetKind.IMAGE && !this.embeddings.textEnabled;
  }

  async runMany(ctx: StepContext, steps: string[]): Promise<Map<string, StepOutcome | Error>> {
    const out = new Map<string, StepOutcome | Error>();
    let img: DecodedImage;
    try {
      img = await withTimeout(this.decode(ctx), 120_000, 'decode');
    } catch (err) {
      for (const s of steps) out.set(s, toStepError(err));
      return out;
    }
    // The 256 px rendition's pixels are resized once: render encodes them, and the 64×64 analysis
    // sample (shared by fingerprint and embed) is averaged from them instead of from the full image.
    let small: Promise<DecodedImage> | undefined;
    const smallPixels = () => (small ??= resizePixels(img, SAMPLE_SOURCE_SIZE));
    let analysis: Promise<ImageAnalysis> | undefined;
    const analyze = () => (analysis ??= smallPixels().then(analyzeImage));
    await Promise.all(
      steps.map(async (step) => {
        try {
          const work = step === 'render' ? this.render(ctx, img, smallPixels) : step === 'fingerprint' ? this.fingerprint(ctx, analyze) : this.embed(ctx, img, analyze);
          out.set(step, await withTimeout(work, stepDef(step).timeoutMs, step));
        } catch (err) {
          out.set(step, toStepError(err));
        }
      }),
    );
    return out;
  }

  private async decode(ctx: StepContext): Promise<DecodedImage> {
    const opts = { limitInputPixels: this.config.processing.limitInputPixels };
    if (ctx.asset.kind !== AssetKind.VIDEO) {
      // Images decode from memory when they fit: no temp file is written only to be read back by the decoder.
      return decodeImage(await ctx.source(), opts);
    }
    const original = await ctx.localPath();
    const poster = join(dirname(original), 'poster.png');
    await extractPosterFrame(original, poster, ctx.asset.durationMs);
    return decodeImage(poster, opts);
  }

  private async render(ctx: StepContext, img: DecodedImage, smallPixels: () => Promise<DecodedImage>): Promise<StepOutcome> {
    const renditions = await renderThumbnails(img, RENDITION_SIZES, THUMBNAIL_WEBP_OPTIONS, [await smallPixels()]);
    const stored: { size: number; width: number; height: number; key: string; mime: string }[] = [];
    for (const r of renditions) {
      const key = renditionKey(ctx.blob.sha256, r.size);
      await this.storage.putBytes(key, r.data, { contentType: r.mime });
      stored.push({ size: r.size, width: r.width, height: r.height, key, mime: r.mime });
    }
    return {
      state: 'done',
      producerVersion: PixelsStep.versions.render,
      summary: { renditions: stored.length, poster: ctx.asset.kind === AssetKind.VIDEO },
      write: { renditions: stored },
    };
  }

  private async fingerprint(ctx: StepContext, analyze: () => Promise<ImageAnalysis>): Promise<StepOutcome> {
    const { phash, palette } = await analyze();
    return {
      state: 'done',
      producerVersion: PixelsStep.versions.fingerprint,
      summary: { phash },
      write: { phash, palette },
    };
  }

  private async embed(ctx: StepContext, img: DecodedImage, analyze: () => Promise<ImageAnalysis>): Promise<StepOutcome> {
    const { descriptor } = await analyze();
    const vectors = [{ kind: 'visual', provider: BUILTIN_EMBEDDING_PROVIDER, version: DESCRIPTOR_VERSION, vector: descriptor }];
    if (descriptor.length !== DESCRIPTOR_LENGTH) throw new Error(`descriptor has ${descriptor.length} dimensions`);
    const prompt = ctx.asset.generation?.prompt?.trim();
    if (this.embeddings.textEnabled && prompt) vectors.push({ kind: 'text', ...(await this.embeddings.embedText(prompt)) });
    if (this.embeddings.imageEnabled) {
      const webp = await sharpFromDecoded(img).resize({ width: 256, height: 256, fit: 'inside', withoutEnlargement: true }).webp().toBuffer();
      vectors.push({ kind: 'image', ...(await this.embeddings.embedImage(webp)) });
    }
    return {
      state: 'done',
      producerVersion: [PixelsStep.versions.embed, ...vectors.slice(1).map((v) => `${v.provider}:${v.version}`)].join('+'),
      summary: { vectors: vectors.map((v) => `${v.kind}:${v.provider}@${v.version}`) },
      apply: (tx) => upsertEmbeddings(tx, ctx.asset, vectors),
    };
  }
}

/** One row per vector kind and provider (its primary key); a re-run replaces the vector in place. */
async function upsertEmbeddings(
  tx: EntityManager,
  asset: { id: string; workspaceId: string },
  vectors: { kind: string; provider: string; version: string; vector: number[] }[],
): Promise<void> {
  // Each vector travels as an array literal in a text[] (a real[][] parameter would need equal lengths).
  await preparedQuery(
    tx,
    'embedding_upsert',
    `INSERT INTO asset_embedding (asset_id, workspace_id, kind, provider, version, dims, vector)
     SELECT $1, $2, v.kind, v.provider, v.version, cardinality(v.vector::real[]), v.vector::real[]
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS v(kind, provider, version, vector)
     ON CONFLICT (asset_id, kind, provider)
     DO UPDATE SET version = EXCLUDED.version, dims = EXCLUDED.dims, vector = EXCLUDED.vector, updated_at = now()`,
    [asset.id, asset.workspaceId, vectors.map((v) => v.kind), vectors.map((v) => v.provider), vectors.map((v) => v.version), vectors.map((v) => `{${v.vector.join(',')}}`)],
  );
}

/** Decoder failures are permanent with their stable reason code first; anything else may be transient. */
function toStepError(err: unknown): Error {
  if (err instanceof ImageDecodeError) {
    return new PermanentStepError(err.reason === 'invalid_options' ? err.message : `${err.reason}: ${err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
