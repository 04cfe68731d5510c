import { Module } from '@nestjs/common';
import { IdempotencyService, webhookDuplicatesProvider } from './idempotency.service.js';

@Module({
  providers: [webhookDuplicatesProvider, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
