import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { skipGraphqlLayer } from './common/graphql/graphql-layer';
import { setHeapGrowthPercent } from './common/runtime/heap-growth';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = new Logger('Lightbox');
  if (config.role === 'worker') skipGraphqlLayer();
  // Before the modules load: the worker's memory is mostly decoded pixels outside the JS heap.
  if (config.role !== 'api') setHeapGrowthPercent(config.processing.heapGrowthPercent);
  // Loaded only now, after the role is known: the application's modules read it as they load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('./bootstrap') as typeof import('./bootstrap');
  const app = await createApp(config);
  let server: Server | null = null;
  if (config.role !== 'worker') {
    await (app as INestApplication).listen(config.port, '0.0.0.0');
    server = (app as INestApplication).getHttpServer() as Server;
    logger.log(`role=${config.role} listening on :${config.port} (GraphQL at /graphql)`);
  } else {
    logger.log('role=worker processing jobs');
  }

  // Graceful shutdown, in order: stop accepting and finish in-flight requests, then let Nest close
  // the rest (BullMQ workers finish their active jobs, the relay its batch, then connections close).
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`);
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await app.close();
    logger.log('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`Lightbox failed to start: ${err.message}\n`);
  process.exit(1);
});
