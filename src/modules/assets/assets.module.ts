import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { registerNodeType } from '../../common/graphql/node.interface';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { AssetEventEntity } from './asset-event.entity';
import { AssetEventObject } from './asset-event.object';
import { AssetEventResolver } from './asset-event.resolver';
import { AssetEntity } from './asset.entity';
import { AssetLoaders } from './asset.loaders';
import { AssetObject } from './asset.object';
import { AssetResolver } from './asset.resolver';
import { AssetService } from './asset.service';
import { FileController } from './file.controller';
import { FileUrlService } from './file-url.service';

registerNodeType((v) => (v instanceof AssetEntity ? AssetObject : undefined));
registerNodeType((v) => (v instanceof AssetEventEntity ? AssetEventObject : undefined));

@Module({
  imports: [AuthModule, ProjectsModule],
  controllers: [FileController],
  providers: [AssetService, AssetLoaders, AssetResolver, AssetEventResolver, FileUrlService],
  exports: [AssetService, AssetLoaders, FileUrlService],
})
export class AssetsModule {
  constructor(registry: NodeRegistry, assets: AssetService) {
    registry.register('Asset', (me, id) => assets.findById(me.workspaceId, id));
  }
}
