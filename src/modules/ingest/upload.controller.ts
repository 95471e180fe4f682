import { Controller, ForbiddenException, HttpCode, Inject, Param, PayloadTooLargeException, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { verifyToken } from '../../common/signed-token';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../auth/auth.decorators';
import { IngestService } from './ingest.service';
import { TooLargeError } from './ingest.results';

/** `PUT /uploads/:token`: the signed, expiring upload URL for the fs driver. The token is the authorisation. */
@Controller('uploads')
export class UploadController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly ingest: IngestService) {}

  @Public()
  @Put(':token')
  @HttpCode(200)
  async put(@Param('token') token: string, @Req() req: Request): Promise<{ sha256: string; size: number }> {
    const payload = verifyToken<{ u: string }>(token, this.config.signingSecret);
    if (!payload || typeof payload.u !== 'string') throw new ForbiddenException('invalid or expired upload URL');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.maxUploadBytes) {
      throw new PayloadTooLargeException(`upload exceeds the limit of ${this.config.maxUploadBytes} bytes`);
    }
    try {
      const received = await this.ingest.receiveUpload(payload.u, req);
      if (!received) throw new ForbiddenException('upload is unknown, expired or already completed');
      return received;
    } catch (err) {
      if (err instanceof TooLargeError) throw new PayloadTooLargeException(err.message);
      throw err;
    }
  }
}
