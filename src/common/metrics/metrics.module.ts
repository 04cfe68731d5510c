import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller.js';
import { httpDurationProvider } from './http-metrics.js';

@Global()
@Module({
  imports: [
    PrometheusModule.register({
      controller: MetricsController,
      path: '/metrics',
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [httpDurationProvider],
  exports: [PrometheusModule, httpDurationProvider],
})
export class MetricsModule {}
