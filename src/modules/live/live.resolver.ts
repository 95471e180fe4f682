import { Args, ID, Resolver, Subscription } from '../../common/graphql/schema.decorators';
import { notFound } from '../../common/errors/app-errors';
import { idOf } from '../../common/graphql/global-id';
import { Loaders } from '../../common/graphql/loaders';
import type { GqlContext } from '../../common/request-context';
import { AssetEventEntity } from '../assets/asset-event.entity';
import { AssetEventObject } from '../assets/asset-event.object';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ProjectService } from '../projects/project.service';
import { LiveEventBus } from './live-event.bus';

@Resolver()
export class LiveResolver {
  constructor(private readonly bus: LiveEventBus, private readonly projects: ProjectService) {}

  @Subscription(() => AssetEventObject, {
    description: "Transitions, comments, processing results … of the caller's workspace (one project if given). At-least-once: dedupe by id.",
    // The context lives as long as the subscription: fresh loaders per event, so `asset { status }` is current.
    resolve: (event: AssetEventEntity, _args: unknown, ctx: GqlContext) => {
      ctx.loaders = new Loaders();
      return event;
    },
  })
  async assetEvents(
    @CurrentPrincipal() me: Principal,
    @Args('projectId', { type: () => ID, nullable: true }) projectId?: string | null,
  ): Promise<AsyncIterableIterator<AssetEventEntity>> {
    let project: string | null = null;
    if (projectId) {
      project = idOf('Project', projectId);
      // Another workspace's project answers exactly like a missing one.
      if (!project || !(await this.projects.findById(me.workspaceId, project))) throw notFound('Project');
    }
    return this.bus.subscribe({ workspaceId: me.workspaceId, projectId: project });
  }
}
