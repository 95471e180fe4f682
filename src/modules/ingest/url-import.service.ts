import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import {
  BlockedUrlError as BlockedUrl, FetchFailedError as FetchFailed, ResponseTooLargeError, safeRequest,
} from '../../infrastructure/http';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { AssetEntity } from '../assets/asset.entity';
import type { Principal } from '../auth/principal';
import { ContentInspector, ContentTooLargeError } from './content-inspector';
import { ImportAssetFromUrlInput } from './ingest.inputs';
import { BlockedUrlError, FetchFailedError, TooLargeError, UnsupportedTypeError } from './ingest.results';
import { IngestService } from './ingest.service';
import { sniffMime } from './media-types';

type ImportResult = AssetEntity | UnsupportedTypeError | TooLargeError | BlockedUrlError | FetchFailedError;

/** Server-side fetch of a URL into an asset, through the SSRF guard, with a size and a time cap. */
@Injectable()
export class UrlImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: StoragePort,
    private readonly ingest: IngestService,
  ) {}

  async importFromUrl(me: Principal, input: ImportAssetFromUrlInput): Promise<ImportResult> {
    const projectId = await this.ingest.requireProject(me, input.projectId);
    const parent = await this.ingest.validateLineage(me, input);
    const maxBytes = this.config.maxUploadBytes;
    const tempKey = `imports/${me.workspaceId}/${randomUUID()}`;
    const inspector = new ContentInspector(maxBytes);
    let filename: string | null = null;
    try {
      const res = await safeRequest(input.url, {
        method: 'GET',
        maxBytes,
        timeoutMs: this.config.import.timeoutMs,
        maxRedirects: 3,
        allowedCidrs: this.config.import.allowedCidrs,
        headers: { 'user-agent': 'Lightbox-Importer/1.0', accept: 'image/*,video/*' },
      });
      filename = decodeURIComponent(new URL(res.finalUrl).pathname.split('/').pop() || '') || null;
      const through = new PassThrough();
      await Promise.all([pipeline(res.body, inspector, through), this.storage.put(tempKey, through)]);
    } catch (err) {
      await this.storage.delete(tempKey).catch(() => undefined);
      if (err instanceof BlockedUrl) return new BlockedUrlError(`URL blocked: ${err.message}`);
      if (err instanceof ResponseTooLargeError || err instanceof ContentTooLargeError) return new TooLargeError(maxBytes);
      if (err instanceof FetchFailed) return new FetchFailedError(`fetch failed: ${err.message}`);
      if (err instanceof TypeError) return new FetchFailedError(`fetch failed: ${err.message}`);
      throw err;
    }
    const content = {
      tempKey,
      sha256: inspector.digest(),
      size: inspector.bytes,
      mime: (await sniffMime(inspector.head)) ?? 'application/octet-stream',
      filename,
    };
    const problem = this.ingest.check(content, {});
    if (problem) {
      await this.storage.delete(tempKey).catch(() => undefined);
      return problem as UnsupportedTypeError | TooLargeError;
    }
    const asset = await this.ingest.createAsset(me, projectId, content, { ...input, title: input.title ?? filename }, parent);
    if (!(asset instanceof AssetEntity)) throw new Error('import could not create the asset');
    return asset;
  }
}
