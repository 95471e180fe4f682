import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ProjectsModule } from '../projects/projects.module';
import { ProvenanceModule } from '../provenance/provenance.module';
import { ReviewModule } from '../review/review.module';
import { NodeResolver } from './node.resolver';

@Module({ imports: [AssetsModule, ProjectsModule, ReviewModule, ProvenanceModule], providers: [NodeResolver] })
export class NodeModule {}
