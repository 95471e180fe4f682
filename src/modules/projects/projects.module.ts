import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { toProjectObject } from './project.resolver';
import { registerNodeType } from '../../common/graphql/node.interface';
import { ProjectObject } from './project.object';
import { ProjectResolver } from './project.resolver';
import { ProjectService } from './project.service';

registerNodeType((v) => (v instanceof ProjectObject ? ProjectObject : undefined));

@Module({
  providers: [ProjectService, ProjectResolver],
  exports: [ProjectService],
})
export class ProjectsModule {
  constructor(registry: NodeRegistry, projects: ProjectService) {
    registry.register('Project', async (me, id) => {
      const p = await projects.findById(me.workspaceId, id);
      return p ? toProjectObject(p) : null;
    });
  }
}
