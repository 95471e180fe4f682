import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../../common/request-context';
import { AssetEntity } from '../assets/asset.entity';
import { workspaceOf } from '../assets/asset.loaders';
import { AssetObject } from '../assets/asset.object';
import { PIPELINE } from './pipeline';
import { ProcessingStepEntity } from './processing-step.entity';
import { ProcessingObject, ProcessingState } from './processing.object';
import { overallState, ProcessingService } from './processing.service';

@Resolver(() => AssetObject)
export class ProcessingResolver {
  constructor(private readonly service: ProcessingService) {}

  @ResolveField(() => ProcessingObject)
  async processing(@Parent() asset: AssetEntity, @Context() ctx: GqlContext): Promise<ProcessingObject> {
    const ws = workspaceOf(ctx);
    const rows = await ctx.loaders
      .get<string, ProcessingStepEntity[]>('processing.steps', async (ids) => {
        const all = await this.service.stepsFor(ws, ids);
        return ids.map((id) => all.filter((r) => r.assetId === id));
      })
      .load(asset.id);
    const order = PIPELINE.map((s) => s.name);
    const steps = [...rows].sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step));
    return {
      state: overallState(steps) as ProcessingState,
      steps: steps.map((s) => ({
        name: s.step,
        state: s.state as ProcessingState,
        error: s.error,
        attempts: s.attempts,
        finishedAt: s.finishedAt,
      })),
    };
  }
}
