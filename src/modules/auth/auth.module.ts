import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ApiKeyService } from './api-key.service';
import { EarlyAuthMiddleware } from './early-auth.middleware';
import { PrincipalLoader } from './principal.loader';

@Module({
  providers: [ApiKeyService, PrincipalLoader],
  exports: [ApiKeyService, PrincipalLoader],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EarlyAuthMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
