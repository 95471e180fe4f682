import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ProjectsModule } from '../projects/projects.module';
import { ProvenanceModule } from '../provenance/provenance.module';
import { IngestResolver } from './ingest.resolver';
import { IngestService } from './ingest.service';
import { UploadController } from './upload.controller';
import { UrlImportService } from './url-import.service';

@Module({
  imports: [AssetsModule, ProjectsModule, ProvenanceModule],
  controllers: [UploadController],
  providers: [IngestService, UrlImportService, IngestResolver],
  exports: [IngestService],
})
export class IngestModule {}
