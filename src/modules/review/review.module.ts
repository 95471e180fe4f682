import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { registerNodeType } from '../../common/graphql/node.interface';
import { AssetsModule } from '../assets/assets.module';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { AssetEventsFieldResolver, AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { CommentEntity } from './comment.entity';
import { CommentObject } from './comment.object';
import { AssetCommentsFieldResolver, CommentResolver } from './comment.resolver';
import { CommentService } from './comment.service';
import { TransitionResolver } from './transition.resolver';
import { TransitionService } from './transition.service';

registerNodeType((v) => (v instanceof CommentEntity ? CommentObject : undefined));

/** Review workflow: status transitions, the audit trail (asset_event) and comments. */
@Module({
  imports: [AssetsModule, AuthModule, ProjectsModule],
  providers: [
    TransitionService, AuditService, CommentService,
    TransitionResolver, AuditResolver, AssetEventsFieldResolver, CommentResolver, AssetCommentsFieldResolver,
  ],
  exports: [TransitionService, AuditService, CommentService],
})
export class ReviewModule {
  constructor(registry: NodeRegistry, comments: CommentService, audit: AuditService) {
    registry.register('Comment', (me, id) => comments.findById(me.workspaceId, id));
    // Event ids are the audit trail's bigint identity, not uuids.
    registry.register('AssetEvent', (me, id) => audit.findById(me.workspaceId, id), /^\d{1,19}$/);
  }
}
