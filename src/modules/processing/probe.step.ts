import { Injectable } from '@nestjs/common';
import { AssetEntity } from '../assets/asset.entity';
import { AssetKind } from '../assets/asset.enums';
import { probeImage, probeVideo } from './media-probe';
import { StepContext, StepHandler, StepOutcome } from './step-handler';

/** probe: dimensions, duration and codec. */
@Injectable()
export class ProbeStep implements StepHandler {
  readonly name = 'probe';
  static readonly version = 'probe@1';

  async run(ctx: StepContext): Promise<StepOutcome> {
    const path = await ctx.localPath();
    const result = ctx.asset.kind === AssetKind.VIDEO ? await probeVideo(path) : await probeImage(path);
    return {
      state: 'done',
      producerVersion: ProbeStep.version,
      summary: { ...result },
      apply: async (tx) => {
        await tx.update(
          AssetEntity,
          { id: ctx.asset.id, workspaceId: ctx.asset.workspaceId },
          { width: result.width, height: result.height, durationMs: result.durationMs },
        );
      },
    };
  }
}
