import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { AssetEventResolver } from './asset-event.resolver';
import { AssetEntity } from './asset.entity';
import { AssetLoaders } from './asset.loaders';
import { AssetResolver } from './asset.resolver';
import { AssetService } from './asset.service';
import { FileController } from './file.controller';
import { FileUrlService } from './file-url.service';

@Module({
  imports: [AuthModule, ProjectsModule],
  controllers: [FileController],
  providers: [AssetService, AssetLoaders, AssetResolver, AssetEventResolver, FileUrlService],
  exports: [AssetService, AssetLoaders, FileUrlService],
})
export class AssetsModule {
  constructor(registry: NodeRegistry, assets: AssetService) {
    registry.register('Asset', { returns: AssetEntity, load: (me, id) => assets.findById(me.workspaceId, id) });
  }
}
