import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MessagingModule } from '../messaging/messaging.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { MessagingJobs } from './messaging.jobs.js';

@Module({
  imports: [ScheduleModule.forRoot(), MessagingModule, WebhooksModule],
  providers: [MessagingJobs],
})
export class JobsModule {}
