import { Module } from '@nestjs/common';
import { NodeRegistry } from '../node/node-registry';
import { toProjectObject } from './project.resolver';
import { ProjectObject } from './project.object';
import { ProjectResolver } from './project.resolver';
import { ProjectService } from './project.service';

@Module({
  providers: [ProjectService, ProjectResolver],
  exports: [ProjectService],
})
export class ProjectsModule {
  constructor(registry: NodeRegistry, projects: ProjectService) {
    registry.register('Project', {
      returns: ProjectObject,
      load: async (me, id) => {
        const p = await projects.findById(me.workspaceId, id);
        return p ? toProjectObject(p) : null;
      },
    });
  }
}
