import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
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
  const app = await createApp(config);
  if (config.role !== 'worker') {
    await (app as INestApplication).listen(config.port, '0.0.0.0');
    new Logger('Lightbox').log(`role=${config.role} listening on :${config.port} (GraphQL at /graphql)`);
  } else {
    new Logger('Lightbox').log('role=worker processing jobs');
  }
}

main().catch((err: Error) => {
  process.stderr.write(`Lightbox failed to start: ${err.message}\n`);
  process.exit(1);
});
