import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ProjectsModule } from '../projects/projects.module';
import { NodeResolver } from './node.resolver';

@Module({ imports: [AssetsModule, ProjectsModule], providers: [NodeResolver] })
export class NodeModule {}
