import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MessagingModule } from '../messaging/messaging.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { MessagingJobs } from './messaging.jobs.js';
import { PaymentsJobs } from './payments.jobs.js';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule, WebhooksModule, PaymentsModule],
  providers: [MessagingJobs, PaymentsJobs],
})
export class JobsModule {}
