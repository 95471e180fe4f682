import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { AssetsModule } from '../assets/assets.module';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { AssetEventsFieldResolver, AuditResolver } from './audit.resolver';
import { AssetEventEntity } from '../assets/asset-event.entity';
import { AuditService } from './audit.service';
import { CommentEntity } from './comment.entity';
import { AssetCommentsFieldResolver, CommentResolver } from './comment.resolver';
import { CommentService } from './comment.service';
import { TransitionResolver } from './transition.resolver';
import { TransitionService } from './transition.service';

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
    registry.register('Comment', { returns: CommentEntity, load: (me, id) => comments.findById(me.workspaceId, id) });
    // Event ids are the audit trail's bigint identity, not uuids.
    registry.register('AssetEvent', { returns: AssetEventEntity, load: (me, id) => audit.findById(me.workspaceId, id), idPattern: /^\d{1,19}$/ });
  }
}
