import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { migrateDatabase } from './infrastructure/database/migrate';

const logger = new Logger('Bootstrap');

/** Boots the app as production does: migrations (under an advisory lock), then the role's modules. */
export async function createApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication | INestApplicationContext> {
  if (config.migrateOnBoot) {
    const applied = await migrateDatabase(config.databaseUrl);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
  }
  const module = AppModule.forRoot(config);
  const loggerOpt = opts.logger === false ? { logger: false as const } : {};
  if (config.role === 'worker') {
    return NestFactory.createApplicationContext(module, { ...loggerOpt, abortOnError: false });
  }
  // Upload bodies stream to storage: only JSON (GraphQL) is parsed, with a cap. Nest's default
  // parsers are off: nothing reads urlencoded forms, and checking for one cost every request.
  const app = await NestFactory.create<NestExpressApplication>(module, { ...loggerOpt, bodyParser: false, abortOnError: false });
  app.useBodyParser('json', { limit: '2mb' });
  return app;
}
