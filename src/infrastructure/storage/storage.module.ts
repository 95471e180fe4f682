import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { FsStorageAdapter } from './fs.storage-adapter';
import { S3StorageAdapter } from './s3.storage-adapter';
import { StoragePort } from './storage.port';

export function createStorage(config: AppConfig): StoragePort {
  return config.storage.driver === 's3' && config.storage.s3
    ? new S3StorageAdapter(config.storage.s3)
    : new FsStorageAdapter(config.storage.dir);
}

@Global()
@Module({
  providers: [{ provide: StoragePort, inject: [APP_CONFIG], useFactory: createStorage }],
  exports: [StoragePort],
})
export class StorageModule {}
