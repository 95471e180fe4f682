import { DynamicModule, Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxService } from './outbox.service';

/** Writing is available everywhere; the relay loop runs only where `relay` is true (worker role). */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(opts: { relay: boolean }): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        OutboxService,
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken()],
          useFactory: (db: DataSource) => Object.assign(new OutboxRelay(db), { autoStart: opts.relay }),
        },
      ],
      exports: [OutboxService, OutboxRelay],
    };
  }
}
