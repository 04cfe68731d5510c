import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CalendarModule } from '../calendar/calendar.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({
  imports: [TerminusModule, CalendarModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
