import { Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { verifyToken } from '../../common/signed-token';
import { StoragePort } from '../../infrastructure/storage/storage.port';
import { Public } from '../auth/auth.decorators';
import type { FileTokenPayload } from './file-url.service';

/** Serves originals and renditions for the fs driver; the signed token is the authorisation. */
@Controller('files')
export class FileController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly storage: StoragePort) {}

  @Public()
  @Get(':token')
  async download(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const payload = verifyToken<FileTokenPayload>(token, this.config.signingSecret);
    if (!payload) throw new ForbiddenException('invalid or expired link');
    const info = await this.storage.stat(payload.k);
    if (!info) throw new NotFoundException('file not found');
    res.setHeader('Content-Type', payload.m);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await pipeline(await this.storage.get(payload.k), res);
  }
}
