import { Args, ID, Mutation, Query, Resolver } from '../../common/graphql/schema.decorators';
import { idOf, toGlobalId } from '../../common/graphql/global-id';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { ProjectEntity } from './project.entity';
import { CreateProjectInput, ProjectObject } from './project.object';
import { ProjectService } from './project.service';

export function toProjectObject(p: ProjectEntity): ProjectObject {
  return Object.assign(new ProjectObject(), { id: toGlobalId('Project', p.id), name: p.name, slug: p.slug, createdAt: p.createdAt });
}

@Resolver(() => ProjectObject)
export class ProjectResolver {
  constructor(private readonly service: ProjectService) {}

  @Query(() => [ProjectObject])
  async projects(@CurrentPrincipal() me: Principal): Promise<ProjectObject[]> {
    return (await this.service.list(me.workspaceId)).map(toProjectObject);
  }

  @Query(() => ProjectObject, { nullable: true })
  async project(@CurrentPrincipal() me: Principal, @Args('id', { type: () => ID }) id: string): Promise<ProjectObject | null> {
    const uuid = idOf('Project', id);
    const p = uuid ? await this.service.findById(me.workspaceId, uuid) : null;
    return p ? toProjectObject(p) : null;
  }

  @Mutation(() => ProjectObject)
  @RequireRole(Role.CONTRIBUTOR)
  async createProject(@CurrentPrincipal() me: Principal, @Args('input') input: CreateProjectInput): Promise<ProjectObject> {
    return toProjectObject(await this.service.create(me.workspaceId, input.name));
  }
}
