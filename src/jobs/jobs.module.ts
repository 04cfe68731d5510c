import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { HoldExpiryJob, expiryJobDurationProvider } from './hold-expiry.job.js';
import { MessagingJobs } from './messaging.jobs.js';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule, WebhooksModule, ReservationsModule],
  providers: [MessagingJobs, HoldExpiryJob, expiryJobDurationProvider],
})
export class JobsModule {}
