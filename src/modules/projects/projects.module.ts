import { Module } from '@nestjs/common';
import { registerNodeType } from '../../common/graphql/node.interface';
import { ProjectObject } from './project.object';
import { ProjectResolver } from './project.resolver';
import { ProjectService } from './project.service';

registerNodeType((v) => (v instanceof ProjectObject ? ProjectObject : undefined));

@Module({
  providers: [ProjectService, ProjectResolver],
  exports: [ProjectService],
})
export class ProjectsModule {}
