import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { LiveEventBus } from './live-event.bus';
import { LiveEventPublisher } from './live-event.publisher';
import { LiveResolver } from './live.resolver';

/**
 * Live updates: the worker publishes relayed asset events to Redis; every api replica subscribes and
 * serves `Subscription.assetEvents`. Nothing is kept in process memory that another replica needs.
 */
@Module({})
export class LiveModule {
  static register(opts: { api: boolean; worker: boolean }): DynamicModule {
    const providers: Provider[] = [];
    if (opts.api) providers.push(LiveEventBus, LiveResolver);
    if (opts.worker) providers.push(LiveEventPublisher);
    return { module: LiveModule, imports: [ProjectsModule], providers, exports: opts.api ? [LiveEventBus] : [] };
  }
}
