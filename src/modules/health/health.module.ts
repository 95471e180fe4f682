import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { SearchHealth } from './search-health';

@Module({ controllers: [HealthController], providers: [SearchHealth] })
export class HealthModule {}
