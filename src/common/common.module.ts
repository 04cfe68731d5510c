import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ForegroundPriority } from './background/foreground-priority.js';
import { AllExceptionsFilter } from './errors/all-exceptions.filter.js';
import { HttpObservability } from './http/http-observability.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';

@Global()
@Module({
  imports: [LoggingModule, MetricsModule, RateLimitModule],
  providers: [
    Lifecycle,
    HttpObservability,
    ForegroundPriority,
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [Lifecycle, HttpObservability, ForegroundPriority, MetricsModule],
})
export class CommonModule {}
