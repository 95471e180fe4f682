import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { signToken } from '../../common/signed-token';
import { StoragePort } from '../../infrastructure/storage/storage.port';

export interface FileTokenPayload extends Record<string, unknown> {
  k: string; // storage key
  m: string; // content type to serve it with
}

/** Signed, expiring download URLs: presigned by S3, or signed by the api itself for fs (GET /files/:token). */
@Injectable()
export class FileUrlService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly storage: StoragePort) {}

  async signedGetUrl(key: string, mime: string): Promise<string> {
    const ttl = this.config.downloadUrlTtlSeconds;
    const presigned = await this.storage.presignGet(key, ttl);
    if (presigned) return presigned.url;
    const payload: FileTokenPayload = { k: key, m: mime };
    return `${this.config.publicUrl}/files/${signToken(payload, this.config.signingSecret, new Date(Date.now() + ttl * 1000))}`;
  }
}
