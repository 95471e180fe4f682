import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { fromGlobalId } from '../../common/graphql/global-id';
import { Node } from '../../common/graphql/node.interface';
import { AssetService } from '../assets/asset.service';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { toProjectObject } from '../projects/project.resolver';
import { ProjectService } from '../projects/project.service';
import { StackService } from '../provenance/stack.service';
import { AuditService } from '../review/audit.service';
import { CommentService } from '../review/comment.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Relay `node(id)`: any object by global id, within the caller's workspace only. */
@Resolver()
export class NodeResolver {
  constructor(
    private readonly assets: AssetService,
    private readonly projects: ProjectService,
    private readonly comments: CommentService,
    private readonly stacks: StackService,
    private readonly audit: AuditService,
  ) {}

  @Query(() => Node, { nullable: true })
  async node(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<object | null> {
    const parsed = fromGlobalId(id);
    // Event ids are the audit trail's bigint identity, not uuids.
    if (parsed?.type === 'AssetEvent') return this.audit.findById(me.workspaceId, parsed.id);
    if (!parsed || !UUID.test(parsed.id)) return null;
    switch (parsed.type) {
      case 'Asset':
        return this.assets.findById(me.workspaceId, parsed.id);
      case 'Project': {
        const p = await this.projects.findById(me.workspaceId, parsed.id);
        return p ? toProjectObject(p) : null;
      }
      case 'Comment':
        return this.comments.findById(me.workspaceId, parsed.id);
      case 'Stack':
        return (await this.stacks.stacksByIds(me.workspaceId, [parsed.id]))[0] ?? null;
      default:
        return null;
    }
  }
}
