import { Module } from '@nestjs/common';
import { ApiKeyService } from './api-key.service';
import { PrincipalLoader } from './principal.loader';

@Module({
  providers: [ApiKeyService, PrincipalLoader],
  exports: [ApiKeyService, PrincipalLoader],
})
export class AuthModule {}
