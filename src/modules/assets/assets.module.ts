import { Module } from '@nestjs/common';
import { registerNodeType } from '../../common/graphql/node.interface';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { AssetEntity } from './asset.entity';
import { AssetLoaders } from './asset.loaders';
import { AssetObject } from './asset.object';
import { AssetResolver } from './asset.resolver';
import { AssetService } from './asset.service';
import { FileController } from './file.controller';
import { FileUrlService } from './file-url.service';

registerNodeType((v) => (v instanceof AssetEntity ? AssetObject : undefined));

@Module({
  imports: [AuthModule, ProjectsModule],
  controllers: [FileController],
  providers: [AssetService, AssetLoaders, AssetResolver, FileUrlService],
  exports: [AssetService, AssetLoaders, FileUrlService],
})
export class AssetsModule {}
