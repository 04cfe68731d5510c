import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CalendarModule } from '../calendar/calendar.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { HoldExpiryJob, expiryJobDurationProvider } from './hold-expiry.job.js';
import { IcalJobs } from './ical.jobs.js';
import { MessagingJobs } from './messaging.jobs.js';
import { PaymentsJobs } from './payments.jobs.js';

@Module({
  imports: [
    ScheduleModule.forRoot(),
    MessagingModule,
    WebhooksModule,
    ReservationsModule,
    CalendarModule,
    PaymentsModule,
  ],
  providers: [MessagingJobs, HoldExpiryJob, expiryJobDurationProvider, IcalJobs, PaymentsJobs],
})
export class JobsModule {}
