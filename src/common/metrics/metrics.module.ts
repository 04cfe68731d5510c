import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MetricsController } from './metrics.controller.js';
import { HttpMetrics, httpDurationProvider } from './http-metrics.js';

@Global()
@Module({
  imports: [
    PrometheusModule.register({
      controller: MetricsController,
      path: '/metrics',
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [httpDurationProvider, HttpMetrics],
  exports: [PrometheusModule, HttpMetrics],
})
export class MetricsModule {}
