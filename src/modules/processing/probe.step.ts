import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AssetEntity } from '../assets/asset.entity';
import { AssetKind } from '../assets/asset.enums';
import { Generation, GENERATION_FIELDS, GenerationSources, mergeGeneration } from '../assets/generation';
import { LineageService } from '../provenance/lineage.service';
import { jsonbSafe } from './json-safe';
import { probeImage, probeVideo } from './media-probe';
import { readEmbeddedMetadata } from './metadata/embedded-metadata.reader';
import { linkParentFromHints } from './parent-link';
import { StepContext, StepHandler, StepOutcome } from './step-handler';

export const RAW_METADATA_MAX_BYTES = 64 * 1024;

/** probe: dimensions, duration, codec; embedded generation metadata (PNG chunks, EXIF/XMP/IPTC, C2PA); parent from metadata. */
@Injectable()
export class ProbeStep implements StepHandler {
  readonly name = 'probe';
  static readonly version = 'probe@2';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly lineage: LineageService) {}

  async run(ctx: StepContext): Promise<StepOutcome> {
    const video = ctx.asset.kind === AssetKind.VIDEO;
    const limit = this.config.processing.limitInputPixels;
    // ffprobe needs a file; a small image is read from the bytes already in memory (no temp file).
    const path = video ? await ctx.localPath() : null;
    const source = path ?? (await ctx.source());
    const media = path ? await probeVideo(path) : await probeImage(source, limit);
    const meta = jsonbSafe(await readEmbeddedMetadata(source, ctx.blob.mime, { rawMaxBytes: RAW_METADATA_MAX_BYTES }));
    const embedded = {
      container: { codec: media.codec, format: media.format },
      aiGenerated: meta.aiGenerated,
      digitalSourceType: meta.digitalSourceType,
      c2pa: meta.c2pa,
      exif: meta.exif,
      parentHints: meta.parentHints,
      raw: meta.raw,
    };
    return {
      state: 'done',
      producerVersion: ProbeStep.version,
      summary: { ...media, sources: meta.sources },
      apply: async (tx, current) => {
        // `current` was read under the settle's lock (NO KEY UPDATE): the client's own fields win, and a re-probe replaces what an older probe read.
        if (!current) return;
        const { generation, sources } = clientOnly(current.generation ?? {}, current.generationSources ?? {});
        const merged = mergeGeneration(generation, sources, meta.generation as Generation, meta.sources as GenerationSources);
        const patch: Partial<AssetEntity> = {
          width: media.width,
          height: media.height,
          durationMs: media.durationMs,
          generation: merged.generation,
          generationSources: merged.sources,
          embeddedMetadata: embedded,
          aiGenerated: meta.aiGenerated,
          digitalSourceType: meta.digitalSourceType,
        };
        const asset = ctx.asset;
        // Only when the client gave no parent; the provenance module's guarded write (cycle check, DERIVED, outbox).
        if (!current.parentId && meta.parentHints.length) await linkParentFromHints(tx, this.lineage, { id: asset.id, workspaceId: asset.workspaceId, operation: current.operation }, meta.parentHints);
        return { write: patch };
      },
    };
  }
}

/** Only what the client sent: fields a previous probe filled are cleared so a re-probe can refresh them. */
function clientOnly(generation: Generation, sources: GenerationSources): { generation: Generation; sources: GenerationSources } {
  const g: Generation = { ...generation };
  const s: GenerationSources = {};
  for (const f of GENERATION_FIELDS) {
    if (sources[f] === 'client') s[f] = 'client';
    else if (sources[f]) delete g[f];
  }
  return { generation: g, sources: s };
}
