import { DynamicModule, Module } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { ProvenanceModule } from '../provenance/provenance.module';
import { IndexStep } from './index.step';
import { PixelsStep } from './pixels.step';
import { ProbeStep } from './probe.step';
import { ProcessingRunner } from './processing.processor';
import { ProcessingResolver } from './processing.resolver';
import { ProcessingService } from './processing.service';
import { ProcessingWorkers } from './processing.workers';
import { HttpEmbeddingProvider } from './providers/embedding.provider';
import { HttpVisionTagger, VisionTagger } from './providers/vision-tagger';
import { ReconcilerService } from './reconciler.service';
import { STEP_HANDLERS, UnitHandler } from './step-handler';
import { TagStep } from './tag.step';

const UNITS = [ProbeStep, PixelsStep, TagStep, IndexStep];

/** Registered once, globally. `worker: true` runs the BullMQ workers; api-only replicas only plan and enqueue. */
@Module({})
export class ProcessingModule {
  static register(opts: { worker: boolean }): DynamicModule {
    return {
      module: ProcessingModule,
      global: true,
      // ProbeStep links metadata-named parents through LineageService (provenance never imports processing).
      imports: [AssetsModule, ProvenanceModule],
      providers: [
        ProcessingService,
        ProcessingResolver,
        ...(opts.worker
          ? [
              HttpEmbeddingProvider,
              { provide: VisionTagger, useClass: HttpVisionTagger },
              ...UNITS,
              { provide: STEP_HANDLERS, inject: UNITS, useFactory: (...handlers: UnitHandler[]) => handlers },
              ProcessingRunner,
              ReconcilerService,
              ProcessingWorkers,
            ]
          : []),
      ],
      exports: [ProcessingService],
    };
  }
}
