import { DynamicModule, Module } from '@nestjs/common';
import { ProbeStep } from './probe.step';
import { ProcessingProcessor } from './processing.processor';
import { ProcessingResolver } from './processing.resolver';
import { ProcessingService } from './processing.service';
import { STEP_HANDLERS, StepHandler } from './step-handler';

const STEPS = [ProbeStep];

/** Registered once, globally. `worker: true` registers the BullMQ processor; api-only replicas only plan and enqueue. */
@Module({})
export class ProcessingModule {
  static register(opts: { worker: boolean }): DynamicModule {
    return {
      module: ProcessingModule,
      global: true,
      providers: [
        ProcessingService,
        ProcessingResolver,
        ...(opts.worker
          ? [
              ...STEPS,
              { provide: STEP_HANDLERS, inject: STEPS, useFactory: (...handlers: StepHandler[]) => handlers },
              ProcessingProcessor,
            ]
          : []),
      ],
      exports: [ProcessingService],
    };
  }
}
