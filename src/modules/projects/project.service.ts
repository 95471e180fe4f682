import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProjectEntity } from './project.entity';
import { isUniqueViolation } from '../../infrastructure/database/pg-errors';
import { slugify } from './slug';

@Injectable()
export class ProjectService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(ProjectEntity);
  }

  /** Slugs are unique per workspace: "summer-campaign", then "summer-campaign-2", … */
  async create(workspaceId: string, name: string): Promise<ProjectEntity> {
    const base = slugify(name);
    for (let n = 1; n < 1000; n++) {
      const project = this.repo.create({ id: randomUUID(), workspaceId, name: name.trim(), slug: n === 1 ? base : `${base}-${n}` });
      try {
        await this.repo.insert(project);
        return project;
      } catch (err) {
        if (!isUniqueViolation(err, 'uq_project_workspace_slug')) throw err;
      }
    }
    throw new Error(`could not find a free slug for "${name}"`);
  }

  list(workspaceId: string): Promise<ProjectEntity[]> {
    return this.repo.find({ where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(workspaceId: string, id: string): Promise<ProjectEntity | null> {
    return this.repo.findOneBy({ workspaceId, id });
  }

  findBySlug(workspaceId: string, slug: string): Promise<ProjectEntity | null> {
    return this.repo.findOneBy({ workspaceId, slug });
  }

  async findByIds(workspaceId: string, ids: readonly string[]): Promise<ProjectEntity[]> {
    if (!ids.length) return [];
    return this.repo.createQueryBuilder('p').where('p.workspace_id = :workspaceId AND p.id = ANY(:ids)', { workspaceId, ids }).getMany();
  }
}
